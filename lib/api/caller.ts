import { sessionUser, type User } from '../auth'
import type { Identity } from '../db'
import type { CookieJar } from '../http/cookies'
import { verifyKey, type VerifiedKey } from '../keys'
import type { AuthMode } from './contract'
import { ApiError } from './errors'

export type UserCaller = { kind: 'user'; user: User; identity: Identity & { kind: 'user' } }
export type KeyCaller = { kind: 'key'; key: VerifiedKey; identity: Identity & { kind: 'key' } }
export type Caller = UserCaller | KeyCaller
/** A widget route's caller: an active public key; the visitor and the embedding site are checked by lib/widget. */
export type WidgetCaller = { kind: 'widget'; key: VerifiedKey }

export type CallerFor<M extends AuthMode> = M extends 'session' ? UserCaller : M extends 'session-or-secret' ? Caller : M extends 'secret-key' ? KeyCaller : M extends 'public-key' ? WidgetCaller : null

export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization')
  if (!header) return null
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim())
  if (!match) throw new ApiError('unauthorized:key', 'The Authorization header must be "Bearer <key>".')
  return match[1]
}

/** Who is calling, per the route's auth mode: a signed-in user, or a workspace secret key. */
export async function resolveCaller(mode: AuthMode, request: Request, jar: CookieJar): Promise<Caller | WidgetCaller | null> {
  if (mode === 'none') return null
  const token = bearerToken(request)
  if (mode === 'public-key') return publicKeyCaller(token)
  if (mode === 'secret-key' && !token) throw new ApiError('unauthorized:key', 'This API needs a workspace secret key: "Authorization: Bearer sk_...".')
  if (token) {
    if (token.startsWith('pk_')) throw new ApiError('forbidden:key', 'A public key (pk_) only opens the widget routes: use a secret key (sk_) here.')
    if (!token.startsWith('sk_')) throw new ApiError('unauthorized:key', 'This is not a Monitora API key: secret keys start with sk_.')
    if (mode === 'session') throw new ApiError('forbidden:key', 'This route needs a signed-in person: secret keys cannot manage members or keys.')
    const key = await verifyKey(token)
    if (!key || key.kind !== 'secret') throw new ApiError('unauthorized:key', 'This API key is not valid: it may have been revoked or rotated.')
    return { kind: 'key', key, identity: { kind: 'key', keyId: key.id, keyKind: key.kind, workspaceId: key.workspaceId } }
  }
  const user = await sessionUser(jar)
  if (!user) throw new ApiError('unauthorized:auth', 'Sign in to continue: your session is missing or has expired.')
  return { kind: 'user', user, identity: { kind: 'user', userId: user.id, email: user.email } }
}

async function publicKeyCaller(token: string | null): Promise<WidgetCaller> {
  if (!token) throw new ApiError('unauthorized:key', 'The widget routes need the workspace public key: "Authorization: Bearer pk_...".')
  if (token.startsWith('sk_')) throw new ApiError('forbidden:key', 'A secret key must never be used in a web page: the widget routes take a public key (pk_).')
  if (!token.startsWith('pk_')) throw new ApiError('unauthorized:key', 'This is not a Monitora public key: public keys start with pk_.')
  const key = await verifyKey(token)
  if (!key || key.kind !== 'public') throw new ApiError('unauthorized:key', 'This public key is not valid: it may have been revoked or rotated.')
  return { kind: 'widget', key }
}
