import { asService, sql } from './db'

export interface RateDecision {
  allowed: boolean
  remaining: number
  retryAfterSeconds: number
}

/** Counts one hit in a fixed window shared by every server instance (the database). */
export async function hit(bucket: string, limit: number, windowSeconds: number): Promise<RateDecision> {
  const nowSeconds = Math.floor(Date.now() / 1000)
  const windowStart = nowSeconds - (nowSeconds % windowSeconds)
  const [row] = await asService((tx) =>
    tx.query<{ hits: number }>(sql`
      insert into rate_limits (bucket, window_start, hits) values (${bucket}, to_timestamp(${windowStart}), 1)
      on conflict (bucket, window_start) do update set hits = rate_limits.hits + 1
      returning hits`),
  )
  return {
    allowed: row.hits <= limit,
    remaining: Math.max(0, limit - row.hits),
    retryAfterSeconds: windowStart + windowSeconds - nowSeconds,
  }
}
