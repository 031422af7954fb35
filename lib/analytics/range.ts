import { z } from 'zod'
import { ApiError } from '../api/errors'

/**
 * A period of whole UTC days, both ends included. At most MAX_RANGE_DAYS: the rollups answer any
 * range quickly, but a longer one is almost always a typo (a year of 20024), so it is refused
 * with a message rather than silently clamped.
 */
export interface DateRange {
  from: string
  to: string
  days: number
}

export const MAX_RANGE_DAYS = 366
export const DEFAULT_RANGE_DAYS = 30

const DAY_MS = 86_400_000

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'is not a real date')

export const rangeQuery = z.object({
  from: isoDay.optional().describe(`First day (UTC, included); default ${DEFAULT_RANGE_DAYS - 1} days before \`to\``),
  to: isoDay.optional().describe('Last day (UTC, included); default today'),
})

export const dayOf = (date: Date) => date.toISOString().slice(0, 10)
export const addDays = (day: string, days: number) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS))
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1

/** The range asked for, with its defaults; reversed or too long ranges are a 400. */
export function resolveRange(query: { from?: string; to?: string }, now = new Date()): DateRange {
  const to = query.to ?? (query.from ? addDays(query.from, DEFAULT_RANGE_DAYS - 1) : dayOf(now))
  const from = query.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1))
  const days = daysBetween(from, to)
  if (days < 1) throw new ApiError('bad_request:analytics', `The range is reversed: "from" (${from}) comes after "to" (${to}).`)
  if (days > MAX_RANGE_DAYS) {
    throw new ApiError('bad_request:analytics', `The range covers ${days} days; choose at most ${MAX_RANGE_DAYS} days (one year) at a time.`, { maxDays: MAX_RANGE_DAYS })
  }
  return { from, to, days }
}

/** Every day of the range, in order. */
export function eachDay(range: DateRange): string[] {
  return Array.from({ length: range.days }, (_, i) => addDays(range.from, i))
}
