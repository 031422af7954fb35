import { interruptStaleAnswers } from './chat/answer'
import { asService, sql } from './db'

/**
 * Deletes what is of no use any more (finished rate-limit windows, expired sessions) and
 * closes answers a stopped server left streaming.
 */
export async function housekeeping(): Promise<{ rateLimits: number; sessions: number; staleAnswers: number }> {
  const removed = await asService(async (tx) => {
    const rateLimits = await tx.query(sql`delete from rate_limits where window_start < now() - interval '1 day' returning 1`)
    const sessions = await tx.query(sql`delete from sessions where expires_at < now() returning 1`)
    return { rateLimits: rateLimits.length, sessions: sessions.length }
  })
  return { ...removed, staleAnswers: await interruptStaleAnswers(900) }
}
