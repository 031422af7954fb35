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

/**
 * Counts one hit in each bucket at once (one statement), in a window shared by every server
 * instance; the first bucket over its limit decides, null when all are within theirs.
 */
export async function hitEach<B extends { bucket: string; limit: number }>(buckets: B[], windowSeconds: number): Promise<(B & { retryAfterSeconds: number }) | null> {
  const nowSeconds = Math.floor(Date.now() / 1000)
  const windowStart = nowSeconds - (nowSeconds % windowSeconds)
  const names = buckets.map((b) => b.bucket)
  const rows = await asService((tx) =>
    tx.query<{ bucket: string; hits: number }>(sql`
      insert into rate_limits (bucket, window_start, hits) select unnest(${names}::text[]), to_timestamp(${windowStart}), 1
      on conflict (bucket, window_start) do update set hits = rate_limits.hits + 1
      returning bucket, hits`),
  )
  const hits = new Map(rows.map((row) => [row.bucket, row.hits]))
  const over = buckets.find((b) => (hits.get(b.bucket) ?? 0) > b.limit)
  return over ? { ...over, retryAfterSeconds: windowStart + windowSeconds - nowSeconds } : null
}

/** Counts a refused request of a workspace, per minute: the rate_limited alert rule reads these. */
export async function recordRefusal(workspaceId: string): Promise<void> {
  await asService((tx) =>
    tx.query(sql`
      insert into rate_limit_refusals (workspace_id, minute, refusals) values (${workspaceId}, date_trunc('minute', now()), 1)
      on conflict (workspace_id, minute) do update set refusals = rate_limit_refusals.refusals + 1`),
  )
}
