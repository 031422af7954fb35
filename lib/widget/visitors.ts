import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Widget visitors. A visitor is a visitor id the server signed for one workspace: the widget
 * keeps the token in its own storage (no cookie) and sends it with every call. Anonymous ids
 * are random (`a:...`); a host that signs its user's id with the workspace's identity secret
 * (identify) gets `u:<its id>`, the same on every device. A token only verifies with the
 * secret of the workspace it was made for, so it opens nothing anywhere else.
 */

const TOKEN_VERSION = 'v1'

const mac = (secret: string, message: string) => createHmac('sha256', secret).update(message).digest()

const sameBytes = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b)

export const newSecret = () => randomBytes(32).toString('base64url')

export const anonymousVisitorId = () => `a:${randomBytes(16).toString('base64url')}`

export function visitorToken(tokenSecret: string, workspaceId: string, visitorId: string): string {
  const signature = mac(tokenSecret, `${workspaceId}\n${visitorId}`).toString('base64url')
  return `${TOKEN_VERSION}.${Buffer.from(visitorId).toString('base64url')}.${signature}`
}

/** The visitor id a token carries, or null unless this workspace's secret signed it. */
export function verifyVisitorToken(tokenSecret: string, workspaceId: string, token: string): string | null {
  const [version, encodedId, signature, ...rest] = token.split('.')
  if (version !== TOKEN_VERSION || !encodedId || !signature || rest.length) return null
  const visitorId = Buffer.from(encodedId, 'base64url').toString('utf8')
  if (!/^[au]:/.test(visitorId)) return null
  return sameBytes(Buffer.from(signature, 'base64url'), mac(tokenSecret, `${workspaceId}\n${visitorId}`)) ? visitorId : null
}

/** Did the host sign this user id with the workspace's identity secret? Hex HMAC-SHA256(visitor, secret). */
export function verifyIdentity(identitySecret: string, visitor: string, signature: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(signature)) return false
  return sameBytes(Buffer.from(signature, 'hex'), mac(identitySecret, visitor))
}
