import { describe, expect, it } from 'vitest'
import { asService, sql } from './db'
import { housekeeping } from './housekeeping'

describe('housekeeping', () => {
  it('deletes expired sessions and old rate-limit windows, and keeps current ones', async () => {
    await asService(async (tx) => {
      const [user] = await tx.query<{ id: string }>(sql`insert into users (email) values ('keep@example.com') returning id`)
      await tx.query(sql`insert into sessions (token_hash, user_id, expires_at) values ('old', ${user.id}, now() - interval '1 hour'), ('live', ${user.id}, now() + interval '1 day')`)
      await tx.query(sql`insert into rate_limits (bucket, window_start, hits) values ('a', now() - interval '2 days', 3), ('b', now(), 1)`)
    })
    expect(await housekeeping()).toEqual({ rateLimits: 1, sessions: 1, staleAnswers: 0 })
    const left = await asService((tx) =>
      tx.query<{ what: string }>(sql`select token_hash as what from sessions union all select bucket from rate_limits order by 1`),
    )
    expect(left.map((row) => row.what)).toEqual(['b', 'live'])
  })

  it('marks answers a stopped server left streaming as interrupted and unlocks their conversations, leaving fresh ones alone', async () => {
    const [old, fresh] = await asService(async (tx) => {
      const [user] = await tx.query<{ id: string }>(sql`insert into users (email) values ('chat@example.com') returning id`)
      const [ws] = await tx.query<{ id: string }>(sql`insert into workspaces (name, created_by) values ('w', ${user.id}) returning id`)
      const ids: string[] = []
      for (const age of ['1 hour', '1 second']) {
        const [conversation] = await tx.query<{ id: string }>(sql`
          insert into conversations (workspace_id, user_id, busy_until) values (${ws.id}, ${user.id}, now() + interval '5 minutes') returning id`)
        const [message] = await tx.query<{ id: string }>(sql`
          insert into messages (workspace_id, conversation_id, role, status) values (${ws.id}, ${conversation.id}, 'assistant', 'streaming') returning id`)
        await tx.query(sql`alter table messages disable trigger messages_touch`)
        await tx.query(sql`update messages set updated_at = now() - ${age}::interval where id = ${message.id}`)
        await tx.query(sql`alter table messages enable trigger messages_touch`)
        ids.push(conversation.id)
      }
      return ids
    })
    expect((await housekeeping()).staleAnswers).toBe(1)
    const rows = await asService((tx) =>
      tx.query<{ id: string; status: string; busy: boolean }>(sql`
        select c.id, m.status, c.busy_until is not null as busy from conversations c join messages m on m.conversation_id = c.id where c.id = any(${[old, fresh]}::uuid[])`),
    )
    expect(Object.fromEntries(rows.map((row) => [row.id, [row.status, row.busy]]))).toEqual({ [old]: ['interrupted', false], [fresh]: ['streaming', true] })
  })
})
