import { config } from '../config'

/** The built-in session cookie; with Supabase Auth its own `sb-*` cookies carry the session. */
export const SESSION_COOKIE = 'monitora_session'

/** True when the request carries a session cookie of the active auth mode (no I/O). */
export function hasSessionCookie(cookies: { name: string }[]): boolean {
  return config().supabase ? cookies.some((c) => c.name.startsWith('sb-')) : cookies.some((c) => c.name === SESSION_COOKIE)
}
