import { ApiError } from '../api/errors'
import { hit } from '../ratelimit'

async function enforce(bucket: string, limit: number, windowSeconds: number, message: string) {
  const decision = await hit(bucket, limit, windowSeconds)
  if (!decision.allowed) {
    throw new ApiError('rate_limited:auth', message, { retryAfterSeconds: decision.retryAfterSeconds }, { 'retry-after': String(decision.retryAfterSeconds) })
  }
}

/** Sign-in attempts: 10 per e-mail and address, 50 per address, every 15 minutes. */
export async function limitSignIn(ip: string, email: string) {
  const message = 'Too many sign-in attempts. Wait a few minutes, then try again.'
  await enforce(`signin:ip:${ip}`, 50, 900, message)
  await enforce(`signin:email:${ip}:${email}`, 10, 900, message)
}

/** Sign-ups: 20 per address per hour. */
export async function limitSignUp(ip: string) {
  await enforce(`signup:ip:${ip}`, 20, 3600, 'Too many accounts were created from this address. Try again later.')
}
