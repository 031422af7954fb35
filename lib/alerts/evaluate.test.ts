/** The alert evaluator on real data: each rule raises once, stays deduplicated, and resolves. */
import { beforeAll, describe, expect, it } from 'vitest'
import { addMember, createWorkspace, quickPerson, type Person, type Workspace } from '@/tests/support/actors'
import { failedDocument, seedTraffic } from '@/tests/support/traffic'
import { asService, sql } from '@/lib/db'
import { evaluateAlerts } from './evaluate'

const minutes = (n: number) => n * 60_000
const T0 = new Date('2031-03-10T12:00:00Z')
const at = (offsetMinutes: number) => new Date(T0.getTime() + minutes(offsetMinutes))

let owner: Person, admin: Person, member: Person, other: Person
let A: Workspace, B: Workspace

beforeAll(async () => {
  ;[owner, admin, member, other] = await Promise.all(['owner', 'admin', 'member', 'other'].map((label) => quickPerson(label)))
  A = await createWorkspace(owner, 'Alerts A')
  B = await createWorkspace(other, 'Alerts B')
  await addMember(owner, A.id, admin, 'admin')
  await addMember(owner, A.id, member, 'member')
})

const alertsOf = (ws: string) =>
  asService((tx) =>
    tx.query<{ id: string; kind: string; subject: string; status: string; value: number; resolution: string | null; subject_name: string | null }>(sql`
      select id, kind, subject, status, value, resolution, subject_name from alerts where workspace_id = ${ws} order by raised_at, kind, subject`),
  )

describe('the evaluator', () => {
  it('raises each rule once, for the workspace whose data fires it, and notifies its owners and admins', async () => {
    const docId = await asService(async (tx) => {
      await seedTraffic(tx, A.id, { at: at(-10), answers: 12, unanswered: 8, negative: 6, providerErrors: 3, refusals: 60 })
      // B's traffic is quiet: nothing of A's may leak into B's alerts.
      await seedTraffic(tx, B.id, { at: at(-10), answers: 12, unanswered: 1 })
      return failedDocument(tx, A.id, 'contrat-chiffré.pdf', at(-5))
    })
    const first = await evaluateAlerts(T0)
    expect(first.raised).toBe(5)
    const alerts = await alertsOf(A.id)
    expect(alerts.map((a) => a.kind).sort()).toEqual(['document_failures', 'negative_feedback', 'provider_errors', 'rate_limited', 'unanswered_rate'])
    expect(alerts.find((a) => a.kind === 'unanswered_rate')!.value).toBeCloseTo(8 / 12)
    expect(alerts.find((a) => a.kind === 'document_failures')).toMatchObject({ subject: docId, subject_name: 'contrat-chiffré.pdf' })
    expect(await alertsOf(B.id)).toEqual([])

    const notified = await asService((tx) =>
      tx.query<{ user_id: string; n: number }>(sql`select user_id, count(*)::int as n from notifications where workspace_id = ${A.id} group by user_id`),
    )
    expect(new Map(notified.map((row) => [row.user_id, row.n]))).toEqual(new Map([[owner.id, 5], [admin.id, 5]]))
    const activity = await asService((tx) => tx.query(sql`select subject_id from activity where workspace_id = ${A.id} and kind = 'alert.raised'`))
    expect(activity).toHaveLength(5)
  })

  it('does not raise again while the condition holds (one active alert per rule and subject)', async () => {
    const again = await evaluateAlerts(at(5))
    expect(again).toMatchObject({ raised: 0, resolved: 0 })
    expect((await alertsOf(A.id)).filter((a) => a.status !== 'resolved')).toHaveLength(5)
    const [{ n }] = await asService((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from notifications where workspace_id = ${A.id}`))
    expect(n).toBe(10)
  })

  it('resolves the rules whose window no longer fires, and keeps a failed document raised while it stays failed', async () => {
    // 90 minutes later every window of 15 or 60 minutes has passed; the document is still failed.
    const later = await evaluateAlerts(at(90))
    expect(later.resolved).toBe(4)
    const alerts = await alertsOf(A.id)
    expect(alerts.filter((a) => a.status === 'resolved').every((a) => a.resolution === 'auto')).toBe(true)
    expect(alerts.filter((a) => a.status !== 'resolved').map((a) => a.kind)).toEqual(['document_failures'])

    await asService((tx) => tx.query(sql`update documents set status = 'ready', error_reason = null where workspace_id = ${A.id}`))
    expect(await evaluateAlerts(at(95))).toMatchObject({ raised: 0, resolved: 1 })
    expect((await alertsOf(A.id)).every((a) => a.status === 'resolved')).toBe(true)
  })

  it('raises again when the condition comes back after it resolved', async () => {
    await asService((tx) => seedTraffic(tx, A.id, { at: at(100), answers: 3, providerErrors: 4 }))
    expect(await evaluateAlerts(at(105))).toMatchObject({ raised: 1, resolved: 0 })
    const active = (await alertsOf(A.id)).filter((a) => a.status !== 'resolved')
    expect(active.map((a) => [a.kind, a.value])).toEqual([['provider_errors', 4]])
  })

  it('after a resolution by hand, counts only what happens afterwards', async () => {
    const [active] = (await alertsOf(A.id)).filter((a) => a.status !== 'resolved')
    await asService((tx) => tx.query(sql`update alerts set status = 'resolved', resolved_at = ${at(106)}, resolution = 'manual' where id = ${active.id}`))
    // The same four errors are still in the window: resolved by hand, they do not raise it again.
    expect(await evaluateAlerts(at(108))).toMatchObject({ raised: 0, resolved: 0 })
    await asService((tx) => seedTraffic(tx, A.id, { at: at(109), answers: 0, providerErrors: 3 }))
    expect(await evaluateAlerts(at(110))).toMatchObject({ raised: 1 })
  })

  it('follows the workspace’s own rule settings, and a disabled rule resolves its alert', async () => {
    await asService((tx) =>
      tx.query(sql`insert into alert_rules (workspace_id, kind, enabled, threshold, window_minutes, min_samples) values (${A.id}, 'provider_errors', false, 3, 15, 1)`),
    )
    expect(await evaluateAlerts(at(111))).toMatchObject({ raised: 0, resolved: 1 })
    await asService((tx) =>
      tx.query(sql`insert into alert_rules (workspace_id, kind, enabled, threshold, window_minutes, min_samples) values (${B.id}, 'unanswered_rate', true, 0.05, 30, 5)`),
    )
    await asService((tx) => seedTraffic(tx, B.id, { at: at(112), answers: 10, unanswered: 1 }))
    expect(await evaluateAlerts(at(113))).toMatchObject({ raised: 1 })
    expect((await alertsOf(B.id)).map((a) => a.kind)).toEqual(['unanswered_rate'])
  })
})
