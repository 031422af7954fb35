import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Every delivery carries `X-Monitora-Timestamp` (Unix seconds) and
 * `X-Monitora-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the webhook's secret>`.
 * A receiver recomputes it over the raw body, compares in constant time, and refuses
 * timestamps older than a few minutes (replays).
 */
export const signatureHeader = 'x-monitora-signature'
export const timestampHeader = 'x-monitora-timestamp'

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64url')}`

export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

export function verify(secret: string, timestamp: number, body: string, signature: string, { now = Date.now(), toleranceSeconds = 300 } = {}): boolean {
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false
  const expected = Buffer.from(sign(secret, timestamp, body))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given)
}
