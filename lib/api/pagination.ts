import { z } from 'zod'
import { sql, type Sql } from '../db'
import { ApiError } from './errors'

/** `?limit=&cursor=` on every list; the cursor is opaque (base64url of the last row's sort key). */
export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
})
export type PageQuery = z.infer<typeof pageQuery>

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() })

interface Position {
  at: string
  id: string
}

/** A UTC instant as the cursor column writes it; anything else would reach a Postgres cast and fail there (500). */
const instant = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}Z$/
function isInstant(value: string): boolean {
  const match = instant.exec(value)
  if (!match) return false
  const [year, month, day] = match.slice(1, 4).map(Number)
  const date = new Date(Date.UTC(year, month - 1, day))
  return year >= 1000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

function decodeCursor(cursor: string): Position {
  try {
    return z
      .object({ at: z.string().max(60).refine(isInstant), id: z.uuid() })
      .parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))
  } catch {
    throw new ApiError('bad_request:api', 'The cursor is not valid: pass back the nextCursor of a previous page.')
  }
}

/**
 * Keyset pagination over (created_at desc, id desc). The timestamp travels as UTC text with
 * microseconds (whatever the session's DateStyle) so no microsecond is lost. Select `cursor` among the columns, filter with `where`,
 * order by `order`, fetch `fetch` rows (one more than the page), shape them with `toPage`.
 */
export function keyset(page: PageQuery, columns: { createdAt: Sql; id: Sql }) {
  const after = page.cursor ? decodeCursor(page.cursor) : null
  function toPage<R extends { cursorAt: string; id: string }, T>(rows: R[], map: (row: R) => T): Page<T> {
    const more = rows.length > page.limit
    const kept = more ? rows.slice(0, page.limit) : rows
    const last = kept.at(-1)
    const nextCursor = more && last ? Buffer.from(JSON.stringify({ at: last.cursorAt, id: last.id })).toString('base64url') : null
    return { items: kept.map(map), nextCursor }
  }
  return {
    cursor: sql`to_char(${columns.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorAt"`,
    where: after ? sql`(${columns.createdAt}, ${columns.id}) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql`true`,
    order: sql`${columns.createdAt} desc, ${columns.id} desc`,
    fetch: page.limit + 1,
    toPage,
  }
}
