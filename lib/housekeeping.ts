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
    // What the alert rules read is kept as long as their longest window (7 days); read
    // notifications and finished webhook deliveries for 30 days.
    await tx.query(sql`delete from rate_limit_refusals where minute < now() - interval '8 days'`)
    await tx.query(sql`delete from notifications where read_at < now() - interval '30 days'`)
    await tx.query(sql`delete from webhook_deliveries where status <> 'pending' and created_at < now() - interval '30 days'`)
    return { rateLimits: rateLimits.length, sessions: sessions.length }
  })
  return { ...removed, staleAnswers: await interruptStaleAnswers(900) }
}
