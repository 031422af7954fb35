import { ApiError } from '../api/errors'
import { hit } from '../ratelimit'

async function enforce(bucket: string, limit: number, windowSeconds: number, message: string) {
  const decision = await hit(bucket, limit, windowSeconds)
  if (!decision.allowed) {
    throw new ApiError('rate_limited:auth', message, { retryAfterSeconds: decision.retryAfterSeconds }, { 'retry-after': String(decision.retryAfterSeconds) })
  }
}

/**
 * Sign-in attempts every 15 minutes: 10 per e-mail and address, 50 per address, and 30 per
 * e-mail from anywhere. The address comes from X-Forwarded-For, which a client can forge
 * when no proxy sets it, so the last limit bounds password guessing on one account regardless.
 */
export async function limitSignIn(ip: string, email: string) {
  const message = 'Too many sign-in attempts. Wait a few minutes, then try again.'
  await enforce(`signin:ip:${ip}`, 50, 900, message)
  await enforce(`signin:email:${ip}:${email}`, 10, 900, message)
  await enforce(`signin:account:${email}`, 30, 900, message)
}

/** Sign-ups: 20 per address per hour. */
export async function limitSignUp(ip: string) {
  await enforce(`signup:ip:${ip}`, 20, 3600, 'Too many accounts were created from this address. Try again later.')
}
