/**
 * Row-level security of the analytics rollups, question groups and reports, in SQL directly: only
 * the admins of a workspace (and its secret keys) read them, nobody writes them but the triggers.
 */
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { asIdentity, asService, sql, type Identity } from '@/lib/db'

const tables = ['analytics_days', 'analytics_latency', 'analytics_documents', 'analytics_questions', 'question_groups', 'analytics_reports'] as const

async function user(label: string): Promise<Identity & { userId: string }> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`
  const [row] = await asService((tx) => tx.query<{ id: string }>(sql`insert into users (email) values (${email}) returning id`))
  return { kind: 'user', userId: row.id, email }
}

let owner: Identity & { userId: string }, member: Identity & { userId: string }, other: Identity & { userId: string }
let A: string, B: string

beforeAll(async () => {
  ;[owner, member, other] = await Promise.all(['owner', 'member', 'other'].map(user))
  await asService(async (tx) => {
    ;[{ id: A }] = await tx.query<{ id: string }>(sql`insert into workspaces (name, created_by) values ('A', ${owner.userId}) returning id`)
    ;[{ id: B }] = await tx.query<{ id: string }>(sql`insert into workspaces (name, created_by) values ('B', ${other.userId}) returning id`)
    await tx.query(sql`insert into workspace_members (workspace_id, user_id, role) values (${A}, ${member.userId}, 'member')`)
    for (const ws of [A, B]) {
      const [c] = await tx.query<{ id: string }>(sql`insert into conversations (workspace_id, channel) values (${ws}, 'api') returning id`)
      const [q] = await tx.query<{ id: string }>(sql`insert into messages (workspace_id, conversation_id, role, content) values (${ws}, ${c.id}, 'user', 'How do I reset my password?') returning id`)
      await tx.query(sql`insert into messages (workspace_id, conversation_id, role, reply_to, content, ttft_ms, total_ms, unanswered, citations)
                         values (${ws}, ${c.id}, 'assistant', ${q.id}, 'No idea', 100, 200, true, ${JSON.stringify([{ documentId: randomUUID() }])}::jsonb)`)
      await tx.query(sql`insert into analytics_reports (workspace_id, period, period_start, period_end, pdf, xlsx) values (${ws}, 'weekly', '2026-01-05', '2026-01-11', '\\x00', '\\x00')`)
    }
  })
})

const count = (who: Identity, table: string, ws: string) =>
  asIdentity(who, async (tx) => (await tx.query<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)} where workspace_id = ${ws}`))[0].n)

describe('analytics tables', () => {
  it('are read by the admins and secret keys of their workspace only', async () => {
    const secretA: Identity = { kind: 'key', keyId: randomUUID(), keyKind: 'secret', workspaceId: A }
    const publicA: Identity = { kind: 'key', keyId: randomUUID(), keyKind: 'public', workspaceId: A }
    for (const table of tables) {
      expect(await count(owner, table, A), table).toBeGreaterThan(0)
      expect(await count(secretA, table, A), table).toBeGreaterThan(0)
      expect(await count(member, table, A), table).toBe(0)
      expect(await count(publicA, table, A), table).toBe(0)
      expect(await count(other, table, A), table).toBe(0)
      expect(await count(owner, table, B), table).toBe(0)
      expect(await count(secretA, table, B), table).toBe(0)
    }
  })

  it('are written by nobody directly, not even an owner', async () => {
    for (const statement of [
      sql`insert into analytics_days (workspace_id, day, channel, questions) values (${A}, '2026-01-01', 'api', 1000)`,
      sql`update analytics_days set questions = 1000 where workspace_id = ${A}`,
      sql`delete from analytics_questions where workspace_id = ${A}`,
      sql`update question_groups set label = 'forged' where workspace_id = ${A}`,
      sql`delete from analytics_reports where workspace_id = ${A}`,
      sql`select app.analytics_recount(${A})`,
      sql`select app.question_group_for(${B}, 'injected question')`,
    ]) {
      await expect(asIdentity(owner, (tx) => tx.query(statement)), statement.text).rejects.toMatchObject({ code: '42501' })
    }
  })
})
