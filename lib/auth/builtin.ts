import { createHash, randomBytes } from 'node:crypto'
import { ApiError } from '../api/errors'
import { asService, serviceQuery, sql } from '../db'
import type { CookieJar } from '../http/cookies'
import { recentlyRead } from '../recent'
import { SESSION_COOKIE } from './cookie'
import { dummyHash, hashPassword, verifyPassword } from './password'
import { findUserById, type User } from './users'

/** Built-in auth: scrypt password hashes, an opaque session token in an httpOnly cookie. */

const SESSION_DAYS = 30

export interface SessionMeta {
  ip: string
  userAgent: string | null
  secure: boolean
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url')

async function startSession(userId: string, jar: CookieJar, meta: SessionMeta) {
  const token = randomBytes(32).toString('base64url')
  const expires = new Date(Date.now() + SESSION_DAYS * 86_400_000)
  await asService((tx) =>
    tx.query(sql`insert into sessions (token_hash, user_id, expires_at, user_agent, ip)
                 values (${tokenHash(token)}, ${userId}, ${expires}, ${meta.userAgent?.slice(0, 300) ?? null}, ${meta.ip})`),
  )
  jar.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: meta.secure, path: '/', maxAge: SESSION_DAYS * 86_400 })
}

export async function builtinSignUp(input: { email: string; password: string; name?: string }, jar: CookieJar, meta: SessionMeta): Promise<User> {
  const passwordHash = await hashPassword(input.password)
  const user = await asService(async (tx) => {
    const [row] = await tx.query<{ id: string }>(sql`
      insert into users (email, name, password_hash) values (${input.email}, ${input.name ?? null}, ${passwordHash})
      on conflict (email) do nothing returning id`)
    return row && findUserById(tx, row.id)
  })
  if (!user) throw new ApiError('conflict:auth', 'An account with this e-mail address already exists. Sign in instead.')
  await startSession(user.id, jar, meta)
  return user
}

export async function builtinSignIn(input: { email: string; password: string }, jar: CookieJar, meta: SessionMeta): Promise<User> {
  const [row] = await asService((tx) =>
    tx.query<{ id: string; password_hash: string | null }>(sql`select id, password_hash from users where email = ${input.email}`),
  )
  const valid = await verifyPassword(input.password, row?.password_hash ?? dummyHash)
  if (!row || !valid) throw new ApiError('unauthorized:auth', 'The e-mail address or the password is incorrect.')
  await startSession(row.id, jar, meta)
  return (await asService((tx) => findUserById(tx, row.id)))!
}

export async function builtinSignOut(jar: CookieJar, meta: SessionMeta): Promise<void> {
  const token = jar.get(SESSION_COOKIE)
  if (token) {
    await asService((tx) => tx.query(sql`delete from sessions where token_hash = ${tokenHash(token)}`))
    recentSessions.forget(tokenHash(token))
  }
  jar.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure: meta.secure, path: '/', maxAge: 0 })
}

/**
 * Sessions read in the last few seconds: a burst of requests finds its caller without a
 * database round trip each. Signing out forgets a session here at once; another server on the
 * same Postgres may still accept it for up to five seconds. None outlives its expiry.
 */
const recentSessions = recentlyRead<User>('monitoraRecentSessions', { ms: 5_000 })

export async function builtinSessionUser(jar: CookieJar): Promise<User | null> {
  const token = jar.get(SESSION_COOKIE)
  if (!token || token.length > 100) return null
  const hash = tokenHash(token)
  const recent = recentSessions.get(hash)
  if (recent) return recent
  const [row] = await serviceQuery<User & { expires_at: Date }>(sql`
    select u.id, u.email::text as email, u.name, u.locale, s.expires_at from sessions s join users u on u.id = s.user_id
     where s.token_hash = ${hash} and s.expires_at > now()`)
  if (!row) return null
  const { expires_at: expiresAt, ...user } = row
  recentSessions.keep(hash, user, expiresAt.getTime())
  return user
}
