/**
 * Row-level security of activity, notifications, alerts, rules, webhooks and deliveries, in SQL
 * through the real roles (no lib function in between).
 */
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { asIdentity, asService, sql, type Identity, type Sql } from '@/lib/db'

type User = { id: string; identity: Identity }

async function user(label: string): Promise<User> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`
  const [row] = await asService((tx) => tx.query<{ id: string }>(sql`insert into users (email) values (${email}) returning id`))
  return { id: row.id, identity: { kind: 'user', userId: row.id, email } }
}

const as = <T = Record<string, unknown>>(who: Identity, statement: Sql) => asIdentity(who, (tx) => tx.query<T>(statement))

async function failure(who: Identity, statement: Sql): Promise<string> {
  try {
    await as(who, statement)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error(`expected "${statement.text}" to fail`)
}

let ownerA: User, adminA: User, viewerA: User, ownerB: User
let A: string, B: string
let alertA: string, notificationOfOwner: string, webhookA: string
const secretKeyOf = (ws: string): Identity => ({ kind: 'key', keyId: randomUUID(), keyKind: 'secret', workspaceId: ws })

beforeAll(async () => {
  ;[ownerA, adminA, viewerA, ownerB] = await Promise.all(['ownerA', 'adminA', 'viewerA', 'ownerB'].map(user))
  await asService(async (tx) => {
    ;[{ id: A }] = await tx.query<{ id: string }>(sql`insert into workspaces (name, created_by) values ('A', ${ownerA.id}) returning id`)
    ;[{ id: B }] = await tx.query<{ id: string }>(sql`insert into workspaces (name, created_by) values ('B', ${ownerB.id}) returning id`)
    await tx.query(sql`insert into workspace_members (workspace_id, user_id, role) values (${A}, ${adminA.id}, 'admin'), (${A}, ${viewerA.id}, 'viewer')`)
    await tx.query(sql`insert into api_keys (workspace_id, kind, name, prefix, token_hash) values (${A}, 'secret', 'ops', 'sk_x', ${randomUUID()})`)
    await tx.query(sql`insert into documents (workspace_id, name, size_bytes) values (${A}, 'a.pdf', 1)`)
    ;[{ id: alertA }] = await tx.query<{ id: string }>(sql`insert into alerts (workspace_id, kind, value, threshold) values (${A}, 'provider_errors', 4, 3) returning id`)
    await tx.query(sql`insert into alert_rules (workspace_id, kind, enabled, threshold, window_minutes, min_samples) values (${A}, 'negative_feedback', true, 2, 60, 1)`)
    ;[{ id: notificationOfOwner }] = await tx.query<{ id: string }>(sql`
      insert into notifications (user_id, workspace_id, alert_id, kind) values (${ownerA.id}, ${A}, ${alertA}, 'alert.raised') returning id`)
    ;[{ id: webhookA }] = await tx.query<{ id: string }>(sql`insert into webhooks (workspace_id, url, secret) values (${A}, 'https://hooks.example.com/a', 'whsec_a') returning id`)
    await tx.query(sql`insert into webhook_deliveries (workspace_id, webhook_id, event, payload) values (${A}, ${webhookA}, 'alert.raised', '{}')`)
  })
})

const tables = ['activity', 'alerts', 'alert_rules', 'notifications', 'webhooks', 'webhook_deliveries', 'rate_limit_refusals'] as const
const countIn = async (who: Identity, table: string, ws: string) =>
  (await as<{ n: number }>(who, sql`select count(*)::int as n from ${sql.raw(table)} where workspace_id = ${ws}`))[0].n

describe('another workspace', () => {
  it('reads nothing of A, as a person or a secret key of B', async () => {
    for (const who of [ownerB.identity, secretKeyOf(B)]) {
      for (const table of tables.filter((t) => t !== 'rate_limit_refusals')) expect(await countIn(who, table, A), table).toBe(0)
    }
  })

  it('changes nothing of A', async () => {
    for (const who of [ownerB.identity, secretKeyOf(B)]) {
      expect(await as(who, sql`update alerts set status = 'resolved', resolved_at = now(), resolution = 'manual' where id = ${alertA} returning id`)).toEqual([])
      expect(await as(who, sql`update webhooks set url = 'https://evil.example' where id = ${webhookA} returning id`)).toEqual([])
      expect(await as(who, sql`delete from alert_rules where workspace_id = ${A} returning kind`)).toEqual([])
      expect(await failure(who, sql`insert into webhooks (workspace_id, url, secret) values (${A}, 'https://evil.example', 's')`)).toMatch(/row-level security/)
      expect(await failure(who, sql`insert into webhook_deliveries (workspace_id, webhook_id, event, payload) values (${A}, ${webhookA}, 'x', '{}')`)).toMatch(/row-level security/)
    }
    const [alert] = await asService((tx) => tx.query<{ status: string }>(sql`select status from alerts where id = ${alertA}`))
    expect(alert.status).toBe('open')
  })
})

describe('inside A', () => {
  it('shows alerts and the feed to a viewer, but neither keys’ events, rules, webhooks nor deliveries', async () => {
    expect(await countIn(viewerA.identity, 'alerts', A)).toBe(1)
    const kinds = (await as<{ kind: string }>(viewerA.identity, sql`select kind from activity where workspace_id = ${A} order by kind`)).map((r) => r.kind)
    expect(kinds).toEqual(['alert.raised', 'document.uploaded', 'member.added', 'member.added'])
    const adminKinds = (await as<{ kind: string }>(adminA.identity, sql`select kind from activity where workspace_id = ${A} order by kind`)).map((r) => r.kind)
    expect(adminKinds).toEqual(['alert.raised', 'document.uploaded', 'key.created', 'member.added', 'member.added'])
    for (const table of ['alert_rules', 'webhooks', 'webhook_deliveries']) expect(await countIn(viewerA.identity, table, A), table).toBe(0)
    expect(await as(viewerA.identity, sql`update alerts set status = 'acknowledged' where id = ${alertA} returning id`)).toEqual([])
  })

  it('keeps each person’s notifications to that person', async () => {
    expect(await countIn(adminA.identity, 'notifications', A)).toBe(0)
    expect(await as(adminA.identity, sql`update notifications set read_at = now() where id = ${notificationOfOwner} returning id`)).toEqual([])
    expect(await countIn(ownerA.identity, 'notifications', A)).toBe(1)
    // Only read_at is theirs to change.
    expect(await failure(ownerA.identity, sql`update notifications set user_id = ${adminA.id} where id = ${notificationOfOwner}`)).toMatch(/permission denied/)
    expect(await as(ownerA.identity, sql`update notifications set read_at = now() where id = ${notificationOfOwner} returning id`)).toHaveLength(1)
  })

  it('lets nobody write alerts, activity or refusals but the server', async () => {
    for (const statement of [
      sql`insert into alerts (workspace_id, kind, value, threshold) values (${A}, 'rate_limited', 1, 1)`,
      sql`insert into activity (workspace_id, kind) values (${A}, 'alert.raised')`,
      sql`insert into notifications (user_id, workspace_id, kind) values (${ownerA.id}, ${A}, 'alert.raised')`,
      sql`insert into rate_limit_refusals (workspace_id, minute) values (${A}, now())`,
      sql`update alerts set value = 0 where id = ${alertA}`,
      sql`select * from rate_limit_refusals`,
    ]) {
      expect(await failure(ownerA.identity, statement), statement.text).toMatch(/permission denied/)
    }
  })

  it('keeps one active alert per rule and subject', async () => {
    const again = asService((tx) => tx.query(sql`insert into alerts (workspace_id, kind, value, threshold) values (${A}, 'provider_errors', 5, 3)`))
    await expect(again).rejects.toThrow(/alerts_active_idx/)
  })
})
