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
    expect(await housekeeping()).toEqual({ rateLimits: 1, sessions: 1 })
    const left = await asService((tx) =>
      tx.query<{ what: string }>(sql`select token_hash as what from sessions union all select bucket from rate_limits order by 1`),
    )
    expect(left.map((row) => row.what)).toEqual(['b', 'live'])
  })
})
