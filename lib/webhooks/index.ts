import { z } from 'zod'
import { ApiError, notFound } from '../api/errors'
import { keyset, type PageQuery } from '../api/pagination'
import { asIdentity, sql, Sql, type Identity, type Queryable } from '../db'
import { afterResponse } from '../http/after'
import { requireRole } from '../workspaces/access'
import { kickDeliveries } from './deliver'
import { newWebhookSecret } from './sign'
import { urlProblem } from './send'
import { testEvent, type WebhookEvent } from './slack'

/** Per-workspace webhooks (admins): events are queued in Postgres and sent by lib/webhooks/deliver.ts. */

const webhookUrl = z
  .string()
  .trim()
  .max(2000, 'must be at most 2,000 characters')
  .superRefine((value, ctx) => {
    const problem = urlProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

export const webhookSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  secret: z.string().describe('Signs every delivery (X-Monitora-Signature); admins only'),
  createdAt: z.iso.datetime(),
})
export type Webhook = z.infer<typeof webhookSchema>

export const createWebhookBody = z.strictObject({ url: webhookUrl, description: z.string().trim().max(200).optional() })
export const updateWebhookBody = z
  .strictObject({
    url: webhookUrl.optional(),
    description: z.string().trim().max(200).optional(),
    enabled: z.boolean().optional(),
    rotateSecret: z.literal(true).optional().describe('A new signing secret; the old one stops at once'),
  })
  .refine((body) => Object.keys(body).length > 0, 'name at least one setting to change')

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const
export const deliverySchema = z.object({
  id: z.uuid(),
  event: z.string(),
  status: z.enum(deliveryStatuses),
  attempts: z.int(),
  nextAttemptAt: z.iso.datetime().nullable(),
  lastAttemptAt: z.iso.datetime().nullable(),
  responseStatus: z.int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  deliveredAt: z.iso.datetime().nullable(),
})
export type Delivery = z.infer<typeof deliverySchema>

type WebhookRow = { id: string; url: string; description: string; enabled: boolean; secret: string; created_at: Date; cursorAt?: string }
const toWebhook = (row: WebhookRow): Webhook => ({
  id: row.id,
  url: row.url,
  description: row.description,
  enabled: row.enabled,
  secret: row.secret,
  createdAt: row.created_at.toISOString(),
})
const columns = sql`id, url, description, enabled, secret, created_at`
const webhookNotFound = () => notFound('webhook', 'This webhook')

export async function listWebhooks(identity: Identity, workspaceId: string, page: PageQuery) {
  const { cursor, where, order, fetch, toPage } = keyset(page, { createdAt: sql`created_at`, id: sql`id` })
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'admin')
    const rows = await tx.query<WebhookRow & { cursorAt: string }>(sql`
      select ${columns}, ${cursor} from webhooks where workspace_id = ${workspaceId} and ${where} order by ${order} limit ${fetch}`)
    return toPage(rows, toWebhook)
  })
}

export async function createWebhook(identity: Identity, workspaceId: string, input: z.infer<typeof createWebhookBody>): Promise<Webhook> {
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'admin')
    const [{ count }] = await tx.query<{ count: number }>(sql`select count(*)::int as count from webhooks where workspace_id = ${workspaceId}`)
    if (count >= 20) throw new ApiError('conflict:webhook', 'A workspace has at most 20 webhooks: remove one first.')
    const [row] = await tx.query<WebhookRow>(sql`
      insert into webhooks (workspace_id, url, description, secret, created_by)
      values (${workspaceId}, ${input.url}, ${input.description ?? ''}, ${newWebhookSecret()}, ${identity.kind === 'user' ? identity.userId : null})
      returning ${columns}`)
    return toWebhook(row)
  })
}

export async function updateWebhook(identity: Identity, workspaceId: string, id: string, input: z.infer<typeof updateWebhookBody>): Promise<Webhook> {
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'admin')
    const sets = [
      input.url !== undefined && sql`url = ${input.url}`,
      input.description !== undefined && sql`description = ${input.description}`,
      input.enabled !== undefined && sql`enabled = ${input.enabled}`,
      input.rotateSecret && sql`secret = ${newWebhookSecret()}`,
    ].filter((set): set is Sql => set instanceof Sql)
    const [row] = await tx.query<WebhookRow>(sql`
      update webhooks set ${sql.join(sets)} where workspace_id = ${workspaceId} and id = ${id} returning ${columns}`)
    if (!row) throw webhookNotFound()
    return toWebhook(row)
  })
}

export async function deleteWebhook(identity: Identity, workspaceId: string, id: string): Promise<void> {
  await asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'admin')
    const rows = await tx.query(sql`delete from webhooks where workspace_id = ${workspaceId} and id = ${id} returning id`)
    if (!rows.length) throw webhookNotFound()
  })
}

type DeliveryRow = {
  id: string
  event: string
  status: Delivery['status']
  attempts: number
  next_attempt_at: Date | null
  last_attempt_at: Date | null
  response_status: number | null
  last_error: string | null
  created_at: Date
  delivered_at: Date | null
  cursorAt: string
}
const toDelivery = (row: DeliveryRow): Delivery => ({
  id: row.id,
  event: row.event,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.status === 'pending' ? (row.next_attempt_at?.toISOString() ?? null) : null,
  lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
  responseStatus: row.response_status,
  lastError: row.last_error,
  createdAt: row.created_at.toISOString(),
  deliveredAt: row.delivered_at?.toISOString() ?? null,
})

/** The delivery log of one webhook, newest first. */
export async function listDeliveries(identity: Identity, workspaceId: string, webhookId: string, page: PageQuery) {
  const { cursor, where, order, fetch, toPage } = keyset(page, { createdAt: sql`created_at`, id: sql`id` })
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'admin')
    const found = await tx.query(sql`select 1 from webhooks where workspace_id = ${workspaceId} and id = ${webhookId}`)
    if (!found.length) throw webhookNotFound()
    const rows = await tx.query<DeliveryRow>(sql`
      select id, event, status, attempts, next_attempt_at, last_attempt_at, response_status, last_error, created_at, delivered_at, ${cursor}
        from webhook_deliveries where webhook_id = ${webhookId} and workspace_id = ${workspaceId} and ${where} order by ${order} limit ${fetch}`)
    return toPage(rows, toDelivery)
  })
}

/** Queues a test message to one webhook and starts sending it; answers the queued delivery. */
export async function sendTest(identity: Identity, workspaceId: string, webhookId: string): Promise<Delivery> {
  const delivery = await asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'admin')
    const [hook] = await tx.query<{ name: string }>(sql`
      select w.name from webhooks h join workspaces w on w.id = h.workspace_id where h.workspace_id = ${workspaceId} and h.id = ${webhookId}`)
    if (!hook) throw webhookNotFound()
    const { event, payload } = testEvent({ id: workspaceId, name: hook.name })
    const [row] = await tx.query<DeliveryRow>(sql`
      insert into webhook_deliveries (workspace_id, webhook_id, event, payload, next_attempt_at)
      values (${workspaceId}, ${webhookId}, ${event}, ${JSON.stringify(payload)}::jsonb, now())
      returning id, event, status, attempts, next_attempt_at, last_attempt_at, response_status, last_error, created_at, delivered_at`)
    return toDelivery(row)
  })
  afterResponse(kickDeliveries)
  return delivery
}

/**
 * Queues events for every enabled webhook of their workspace, in the caller's transaction (so
 * nothing is lost whatever happens to the receivers). Generic: an event type and a payload.
 */
export async function enqueueDeliveries(tx: Queryable, events: (WebhookEvent & { workspaceId: string })[], now: Date = new Date()): Promise<number> {
  if (!events.length) return 0
  const rows = await tx.query(sql`
    insert into webhook_deliveries (workspace_id, webhook_id, event, payload, next_attempt_at)
    select h.workspace_id, h.id, e.event, e.payload, ${now}
      from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as e("workspaceId" uuid, event text, payload jsonb)
      join webhooks h on h.workspace_id = e."workspaceId" and h.enabled
    returning 1`)
  return rows.length
}
