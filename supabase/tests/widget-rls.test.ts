/**
 * Row-level security for widget visitors, in SQL directly: a visitor reads its workspace's
 * searchable content and its own widget conversations, and nothing else of anyone.
 */
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { asIdentity, asService, sql, type Identity, type Sql } from '@/lib/db'

let A: string, B: string
let owner: string
let aliceConversation: string, bobConversation: string, dashboardConversation: string, otherWorkspaceConversation: string

const visitor = (workspaceId: string, visitorId: string): Identity => ({ kind: 'visitor', keyId: randomUUID(), workspaceId, visitorId })
const as = <T = Record<string, unknown>>(who: Identity, statement: Sql) => asIdentity(who, (tx) => tx.query<T>(statement))
const alice = () => visitor(A, 'a:alice')

async function conversation(ws: string, channel: 'widget' | 'dashboard', visitorId: string | null, userId: string | null): Promise<string> {
  return asService(async (tx) => {
    const [row] = await tx.query<{ id: string }>(sql`
      insert into conversations (workspace_id, channel, visitor_id, user_id, title) values (${ws}, ${channel}, ${visitorId}, ${userId}, 'c') returning id`)
    await tx.query(sql`insert into messages (workspace_id, conversation_id, role, content) values (${ws}, ${row.id}, 'user', 'hello')`)
    return row.id
  })
}

beforeAll(async () => {
  ;[{ id: owner }] = await asService((tx) => tx.query<{ id: string }>(sql`insert into users (email) values (${`owner-${randomUUID()}@example.com`}) returning id`))
  ;[{ id: A }] = await asService((tx) => tx.query<{ id: string }>(sql`insert into workspaces (name, created_by) values ('A', ${owner}) returning id`))
  ;[{ id: B }] = await asService((tx) => tx.query<{ id: string }>(sql`insert into workspaces (name, created_by) values ('B', ${owner}) returning id`))
  await asService((tx) => tx.query(sql`insert into widget_secrets (workspace_id, identity_secret, token_secret) values (${A}, 'id-secret', 'token-secret')`))
  aliceConversation = await conversation(A, 'widget', 'a:alice', null)
  bobConversation = await conversation(A, 'widget', 'a:bob', null)
  dashboardConversation = await conversation(A, 'dashboard', null, owner)
  otherWorkspaceConversation = await conversation(B, 'widget', 'a:alice', null)
})

describe('a widget visitor', () => {
  it("gets its workspace's spellings, and no other's", async () => {
    await asService((tx) => tx.query(sql`insert into terms (workspace_id, term, chunks, documents) values (${A}, 'remboursement', 2, 1), (${B}, 'remboursements', 2, 1)`))
    const closest = (who: Identity, ws: string) => as<{ term: string }>(who, sql`select term from app.closest_terms(${ws}, array['rembourssement'])`)
    expect(await closest(alice(), A)).toEqual([{ term: 'remboursement' }])
    expect(await closest(alice(), B)).toEqual([])
  })

  it('sees its own widget conversations and their messages only', async () => {
    expect((await as<{ id: string }>(alice(), sql`select id from conversations`)).map((r) => r.id)).toEqual([aliceConversation])
    const messages = await as<{ conversation_id: string }>(alice(), sql`select conversation_id from messages`)
    expect(messages.map((m) => m.conversation_id)).toEqual([aliceConversation])
    // The same visitor id in another workspace is someone else.
    expect((await as<{ id: string }>(visitor(B, 'a:alice'), sql`select id from conversations`)).map((r) => r.id)).toEqual([otherWorkspaceConversation])
  })

  it('writes nothing into anyone else’s conversation and cannot start one as someone else', async () => {
    const updated = await as(alice(), sql`update conversations set title = 'x' where id = any(${[bobConversation, dashboardConversation, otherWorkspaceConversation]}::uuid[]) returning id`)
    expect(updated).toEqual([])
    for (const statement of [
      sql`insert into messages (workspace_id, conversation_id, role, content) values (${A}, ${bobConversation}, 'user', 'hi')`,
      sql`insert into conversations (workspace_id, channel, visitor_id) values (${A}, 'widget', 'a:bob')`,
      sql`insert into conversations (workspace_id, channel, visitor_id) values (${B}, 'widget', 'a:alice')`,
      sql`insert into conversations (workspace_id, channel, visitor_id, user_id) values (${A}, 'widget', 'a:alice', ${owner})`,
    ]) {
      await expect(as(alice(), statement)).rejects.toMatchObject({ code: '42501' })
    }
    expect(await as(alice(), sql`delete from messages returning id`)).toEqual([])
    expect(await as(alice(), sql`delete from conversations returning id`)).toEqual([])
  })

  it('reads its workspace’s settings row but no member, key, user, secret or other workspace', async () => {
    expect((await as<{ id: string }>(alice(), sql`select id from workspaces`)).map((r) => r.id)).toEqual([A])
    for (const table of ['workspace_members', 'api_keys', 'sessions']) {
      const rows = await as(alice(), sql`select 1 from ${sql.raw(table)}`).catch((error: { code: string }) => error.code)
      expect(rows === '42501' || (Array.isArray(rows) && rows.length === 0), table).toBe(true)
    }
    expect(await as(alice(), sql`select id from users`)).toEqual([])
    expect(await as(alice(), sql`select workspace_id from widget_secrets`)).toEqual([])
    expect(await as(alice(), sql`update workspaces set name = 'taken' returning id`)).toEqual([])
  })
})
