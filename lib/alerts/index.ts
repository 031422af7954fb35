import { z } from 'zod'
import { ApiError, notFound } from '../api/errors'
import { keyset, pageQuery, type PageQuery } from '../api/pagination'
import { asIdentity, sql, type Identity } from '../db'
import { requireRole } from '../workspaces/access'
import { alertKinds, applyPatch, ruleDefaults, type AlertKind, type Rule, type RulePatch } from './rules'

/** Alerts of a workspace: everyone in it reads them, admins acknowledge and resolve them. */

export const alertStatuses = ['open', 'acknowledged', 'resolved'] as const
export const alertSchema = z.object({
  id: z.uuid(),
  kind: z.enum(alertKinds),
  subject: z.string().nullable().describe('The document of a document failure; null for the workspace'),
  subjectName: z.string().nullable(),
  status: z.enum(alertStatuses),
  value: z.number().describe('What the rule measured when it last fired'),
  threshold: z.number(),
  details: z.record(z.string(), z.unknown()),
  raisedAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  acknowledgedAt: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  resolution: z.enum(['auto', 'manual']).nullable().describe('auto: the condition cleared; manual: resolved by a person'),
})
export type Alert = z.infer<typeof alertSchema>

export const alertsQuery = pageQuery.extend({
  status: z.enum(['active', 'resolved', 'all'], 'must be active, resolved or all').default('all').describe('active: open or acknowledged'),
})
export const updateAlertBody = z.strictObject({ status: z.enum(['acknowledged', 'resolved'], 'must be acknowledged or resolved') })

type AlertRow = {
  id: string
  kind: AlertKind
  subject: string
  subject_name: string | null
  status: Alert['status']
  value: number
  threshold: number
  details: Record<string, unknown>
  raised_at: Date
  last_seen_at: Date
  acknowledged_at: Date | null
  resolved_at: Date | null
  resolution: Alert['resolution']
  cursorAt: string
}
const toAlert = (row: AlertRow): Alert => ({
  id: row.id,
  kind: row.kind,
  subject: row.subject || null,
  subjectName: row.subject_name,
  status: row.status,
  value: row.value,
  threshold: row.threshold,
  details: row.details,
  raisedAt: row.raised_at.toISOString(),
  lastSeenAt: row.last_seen_at.toISOString(),
  acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
  resolvedAt: row.resolved_at?.toISOString() ?? null,
  resolution: row.resolution,
})
const alertColumns = sql`id, kind, subject, subject_name, status, value, threshold, details, raised_at, last_seen_at, acknowledged_at, resolved_at, resolution`

export async function listAlerts(identity: Identity, workspaceId: string, page: PageQuery & { status: 'active' | 'resolved' | 'all' }) {
  const { cursor, where, order, fetch, toPage } = keyset(page, { createdAt: sql`raised_at`, id: sql`id` })
  const status = page.status === 'active' ? sql`status <> 'resolved'` : page.status === 'resolved' ? sql`status = 'resolved'` : sql`true`
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'viewer')
    const rows = await tx.query<AlertRow>(sql`
      select ${alertColumns}, ${cursor} from alerts where workspace_id = ${workspaceId} and ${status} and ${where} order by ${order} limit ${fetch}`)
    return toPage(rows, toAlert)
  })
}

/** Acknowledges (someone is on it) or resolves an alert by hand; a resolved alert stays resolved. */
export async function updateAlert(identity: Identity, workspaceId: string, alertId: string, input: z.infer<typeof updateAlertBody>): Promise<Alert> {
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'admin')
    const [current] = await tx.query<{ status: Alert['status'] }>(sql`select status from alerts where workspace_id = ${workspaceId} and id = ${alertId}`)
    if (!current) throw notFound('alert', 'This alert')
    if (current.status === 'resolved') throw new ApiError('conflict:alert', 'This alert is already resolved.')
    const person = identity.kind === 'user' ? identity.userId : null
    const change =
      input.status === 'acknowledged'
        ? sql`status = 'acknowledged', acknowledged_at = coalesce(acknowledged_at, now()), acknowledged_by = coalesce(acknowledged_by, ${person}::uuid)`
        : sql`status = 'resolved', resolved_at = now(), resolved_by = ${person}::uuid, resolution = 'manual'`
    const [row] = await tx.query<AlertRow>(sql`update alerts set ${change} where workspace_id = ${workspaceId} and id = ${alertId} returning ${alertColumns}`)
    return toAlert(row)
  })
}

type RuleRow = { kind: AlertKind; enabled: boolean; threshold: number; window_minutes: number; min_samples: number }
const toRule = (kind: AlertKind, row: RuleRow | undefined): Rule =>
  row
    ? { kind, enabled: row.enabled, threshold: row.threshold, windowMinutes: row.window_minutes, minSamples: row.min_samples, custom: true }
    : { kind, ...ruleDefaults[kind], custom: false }

/** Every rule of the workspace with its settings (the defaults where it changed nothing). */
export async function listRules(identity: Identity, workspaceId: string): Promise<{ items: Rule[] }> {
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'admin')
    const rows = await tx.query<RuleRow>(sql`select kind, enabled, threshold, window_minutes, min_samples from alert_rules where workspace_id = ${workspaceId}`)
    return { items: alertKinds.map((kind) => toRule(kind, rows.find((row) => row.kind === kind))) }
  })
}

export async function updateRule(identity: Identity, workspaceId: string, kind: AlertKind, patch: RulePatch): Promise<Rule> {
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'admin')
    const [row] = await tx.query<RuleRow>(sql`
      select kind, enabled, threshold, window_minutes, min_samples from alert_rules where workspace_id = ${workspaceId} and kind = ${kind}`)
    const { custom: _custom, kind: _kind, ...current } = toRule(kind, row)
    const next = applyPatch(kind, current, patch)
    if (typeof next === 'string') throw new ApiError('unprocessable:alert', `This rule is not valid: ${next}`)
    if (patch.reset) {
      await tx.query(sql`delete from alert_rules where workspace_id = ${workspaceId} and kind = ${kind}`)
      return toRule(kind, undefined)
    }
    const [saved] = await tx.query<RuleRow>(sql`
      insert into alert_rules (workspace_id, kind, enabled, threshold, window_minutes, min_samples, updated_by)
      values (${workspaceId}, ${kind}, ${next.enabled}, ${next.threshold}, ${next.windowMinutes}, ${next.minSamples}, ${identity.kind === 'user' ? identity.userId : null})
      on conflict (workspace_id, kind) do update set enabled = excluded.enabled, threshold = excluded.threshold, window_minutes = excluded.window_minutes,
         min_samples = excluded.min_samples, updated_by = excluded.updated_by, updated_at = now()
      returning kind, enabled, threshold, window_minutes, min_samples`)
    return toRule(kind, saved)
  })
}
