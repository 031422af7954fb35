import { createServerClient } from '@supabase/ssr'
import { ApiError } from '../api/errors'
import { config } from '../config'
import type { CookieJar } from '../http/cookies'
import { ensureUserRow, type User } from './users'

/** Supabase Auth through @supabase/ssr: the session lives in Supabase's own cookies. */

function client(jar: CookieJar) {
  const supabase = config().supabase!
  return createServerClient(supabase.url, supabase.anonKey, {
    cookies: {
      getAll: () => jar.getAll(),
      setAll: (cookies) => cookies.forEach(({ name, value, options }) => jar.set(name, value, options)),
    },
  })
}

export async function supabaseSignUp(input: { email: string; password: string; name?: string }, jar: CookieJar): Promise<User | null> {
  const { data, error } = await client(jar).auth.signUp({ email: input.email, password: input.password, options: { data: { name: input.name } } })
  if (error) {
    if (error.code === 'user_already_exists' || error.status === 422) throw new ApiError('conflict:auth', 'An account with this e-mail address already exists. Sign in instead.')
    if (error.code === 'weak_password') throw new ApiError('bad_request:auth', error.message, { reason: 'weak_password' })
    throw new ApiError('unavailable:auth', `The authentication service refused the sign-up: ${error.message}`)
  }
  if (!data.user) return null
  const user = await ensureUserRow(data.user.id, input.email)
  return data.session ? user : null // null: the project asks for an e-mail confirmation first
}

export async function supabaseSignIn(input: { email: string; password: string }, jar: CookieJar): Promise<User> {
  const { data, error } = await client(jar).auth.signInWithPassword(input)
  if (error || !data.user) throw new ApiError('unauthorized:auth', 'The e-mail address or the password is incorrect.')
  return ensureUserRow(data.user.id, data.user.email ?? input.email)
}

export async function supabaseSignOut(jar: CookieJar): Promise<void> {
  await client(jar).auth.signOut()
}

export async function supabaseSessionUser(jar: CookieJar): Promise<User | null> {
  if (!jar.getAll().some((c) => c.name.startsWith('sb-'))) return null
  const { data } = await client(jar).auth.getClaims()
  const claims = data?.claims
  if (!claims?.sub || !claims.email) return null
  return ensureUserRow(claims.sub, claims.email)
}
