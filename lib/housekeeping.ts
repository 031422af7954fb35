import { asService, sql } from './db'

/** Deletes what is of no use any more: finished rate-limit windows and expired sessions. */
export async function housekeeping(): Promise<{ rateLimits: number; sessions: number }> {
  return asService(async (tx) => {
    const rateLimits = await tx.query(sql`delete from rate_limits where window_start < now() - interval '1 day' returning 1`)
    const sessions = await tx.query(sql`delete from sessions where expires_at < now() returning 1`)
    return { rateLimits: rateLimits.length, sessions: sessions.length }
  })
}
