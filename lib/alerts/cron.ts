import { timingSafeEqual } from 'node:crypto'
import { ApiError } from '../api/errors'
import { config } from '../config'

/** The scheduled route answers only `Authorization: Bearer $CRON_SECRET` (what Vercel Cron sends); without CRON_SECRET, nobody. */
export function authorizeCron(request: Request): void {
  const secret = config().cronSecret
  const given = Buffer.from(request.headers.get('authorization') ?? '')
  const expected = Buffer.from(`Bearer ${secret}`)
  if (!secret || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ApiError('unauthorized:cron', secret ? 'This route is for the scheduler: send Authorization: Bearer <CRON_SECRET>.' : 'This route is off: set CRON_SECRET to let a scheduler call it.')
  }
}
