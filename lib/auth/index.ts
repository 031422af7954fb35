import { config } from '../config'
import type { CookieJar } from '../http/cookies'
import { builtinSessionUser, builtinSignIn, builtinSignOut, builtinSignUp, type SessionMeta } from './builtin'
import { supabaseSessionUser, supabaseSignIn, supabaseSignOut, supabaseSignUp } from './supabase'
import type { User } from './users'

export type { User } from './users'
export type { SessionMeta } from './builtin'

/** One interface over both auth modes: built-in, or Supabase Auth when SUPABASE_URL is set. */

/** The new user, signed in; null when Supabase asks for an e-mail confirmation first. */
export function signUp(input: { email: string; password: string; name?: string }, jar: CookieJar, meta: SessionMeta): Promise<User | null> {
  return config().supabase ? supabaseSignUp(input, jar) : builtinSignUp(input, jar, meta)
}

export function signIn(input: { email: string; password: string }, jar: CookieJar, meta: SessionMeta): Promise<User> {
  return config().supabase ? supabaseSignIn(input, jar) : builtinSignIn(input, jar, meta)
}

export function signOut(jar: CookieJar, meta: SessionMeta): Promise<void> {
  return config().supabase ? supabaseSignOut(jar) : builtinSignOut(jar, meta)
}

export function sessionUser(jar: CookieJar): Promise<User | null> {
  return config().supabase ? supabaseSessionUser(jar) : builtinSessionUser(jar)
}
