import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const params = { N: 16384, r: 8, p: 1, keylen: 32 }

function derive(password: string, salt: Buffer, options: ScryptOptions & { keylen: number }): Promise<Buffer> {
  const { keylen, ...rest } = options
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keylen, { ...rest, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  )
}

/** `scrypt$N$r$p$salt$hash`, base64url parts. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, params)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p), keylen: expected.length })
  return timingSafeEqual(key, expected)
}

/** Verifying against this keeps unknown e-mails as slow as wrong passwords. */
export const dummyHash = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'

const common = new Set(['password', 'password1', 'password123', '12345678', '123456789', '1234567890', 'azerty123', 'qwerty123', 'motdepasse', 'iloveyou', 'admin123', 'welcome1', 'letmein1', 'monitora'])

/** Why a password is too weak, or null. Length limits are checked by the schema. */
export function passwordWeakness(password: string, email: string): string | null {
  const lower = password.toLowerCase()
  if (common.has(lower)) return 'This password is one of the most common ones: choose another.'
  if (/^(.)\1*$/.test(password)) return 'A password made of one repeated character is too easy to guess.'
  if (/^\d+$/.test(password)) return 'A password made only of digits is too easy to guess: add letters.'
  if (lower === email.toLowerCase() || lower === email.split('@')[0].toLowerCase()) return 'The password must not be your e-mail address.'
  return null
}
