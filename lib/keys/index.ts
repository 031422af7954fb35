import { createHash, randomBytes } from 'node:crypto'
import { z } from 'zod'
import { keyset, type PageQuery } from '../api/pagination'
import { notFound } from '../api/errors'
import { asIdentity, asService, sql, type Identity } from '../db'
import { recentlyRead } from '../recent'
import { requireRole } from '../workspaces/access'

/**
 * Workspace API keys. Secret keys (sk_) act as an admin of one workspace; public keys (pk_)
 * open only the widget routes. Tokens are stored as SHA-256; a secret token is shown once.
 */

export const keyKinds = ['secret', 'public'] as const
export type KeyKind = (typeof keyKinds)[number]

export const keySchema = z.object({
  id: z.uuid(),
  kind: z.enum(keyKinds),
  name: z.string(),
  prefix: z.string().describe('The first characters of the token, to recognise it.'),
  token: z.string().nullable().describe('Public keys only (they are published in every page that embeds the widget); null for secret keys.'),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
})
export type ApiKey = z.infer<typeof keySchema>

export const createdKeySchema = keySchema.extend({ token: z.string().describe('The full token. Shown only in this response: store it now.') })

export interface VerifiedKey {
  id: string
  kind: KeyKind
  workspaceId: string
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')
const PREFIX_LENGTH = 12

function newToken(kind: KeyKind) {
  const token = `${kind === 'secret' ? 'sk' : 'pk'}_${randomBytes(24).toString('base64url')}`
  return { token, hash: hashToken(token), prefix: token.slice(0, PREFIX_LENGTH) }
}

type KeyRow = {
  id: string
  kind: KeyKind
  name: string
  prefix: string
  public_token: string | null
  created_at: Date
  last_used_at: Date | null
  revoked_at: Date | null
  cursorAt: string
}

const toKey = (row: KeyRow): ApiKey => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  prefix: row.prefix,
  token: row.public_token,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
})

const keyColumns = sql`id, kind, name, prefix, public_token, created_at, last_used_at, revoked_at`

export async function listKeys(identity: Identity, workspaceId: string, page: PageQuery) {
  const { cursor, where, order, fetch, toPage } = keyset(page, { createdAt: sql`created_at`, id: sql`id` })
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'admin')
    const rows = await tx.query<KeyRow>(sql`
      select ${keyColumns}, ${cursor} from api_keys
       where workspace_id = ${workspaceId} and ${where} order by ${order} limit ${fetch}`)
    return toPage(rows, toKey)
  })
}

export async function createKey(identity: Identity & { kind: 'user' }, workspaceId: string, input: { kind: KeyKind; name: string }) {
  const { token, hash, prefix } = newToken(input.kind)
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'admin')
    const [row] = await tx.query<KeyRow>(sql`
      insert into api_keys (workspace_id, kind, name, prefix, token_hash, public_token, created_by)
      values (${workspaceId}, ${input.kind}, ${input.name}, ${prefix}, ${hash}, ${input.kind === 'public' ? token : null}, ${identity.userId})
      returning ${keyColumns}`)
    return { ...toKey(row), token }
  })
}

export async function revokeKey(identity: Identity, workspaceId: string, keyId: string): Promise<void> {
  await asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'admin')
    const rows = await tx.query(sql`
      update api_keys set revoked_at = coalesce(revoked_at, now())
       where workspace_id = ${workspaceId} and id = ${keyId} returning id`)
    if (!rows.length) throw notFound('key', 'This key')
  })
  forgetKeys()
}

/** A new token under the same name and kind; the old one stops working in the same transaction. */
export async function rotateKey(identity: Identity & { kind: 'user' }, workspaceId: string, keyId: string) {
  const rotated = await asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'admin')
    const [old] = await tx.query<{ kind: KeyKind; name: string }>(sql`
      update api_keys set revoked_at = now()
       where workspace_id = ${workspaceId} and id = ${keyId} and revoked_at is null returning kind, name`)
    if (!old) throw notFound('key', 'This active key')
    const { token, hash, prefix } = newToken(old.kind)
    const [row] = await tx.query<KeyRow>(sql`
      insert into api_keys (workspace_id, kind, name, prefix, token_hash, public_token, created_by)
      values (${workspaceId}, ${old.kind}, ${old.name}, ${prefix}, ${hash}, ${old.kind === 'public' ? token : null}, ${identity.userId})
      returning ${keyColumns}`)
    return { ...toKey(row), token }
  })
  forgetKeys()
  return rotated
}

/**
 * Keys verified in the last few seconds (lib/recent.ts): a burst of API or widget requests
 * checks its key once. Revoking or rotating a key, or deleting its workspace, through this
 * server forgets them at once; through another server on the same Postgres, the old token may
 * still pass here for up to five seconds.
 */
const recentKeys = recentlyRead<VerifiedKey>('monitoraRecentKeys', { ms: 5_000 })

/** After a key was revoked or rotated, or its workspace deleted: every key is verified again. */
export const forgetKeys = () => recentKeys.forgetAll()

/** The key behind a token, if it is active; last use is recorded at most once a minute. */
export async function verifyKey(token: string): Promise<VerifiedKey | null> {
  if (token.length > 100) return null
  const hash = hashToken(token)
  const recent = recentKeys.get(hash)
  if (recent) return recent
  const [row] = await asService((tx) =>
    tx.query<{ id: string; kind: KeyKind; workspace_id: string }>(sql`
      with found as (
        select id, kind, workspace_id, last_used_at from api_keys where token_hash = ${hash} and revoked_at is null
      ), touched as (
        update api_keys k set last_used_at = now() from found
         where k.id = found.id and (found.last_used_at is null or found.last_used_at < now() - interval '1 minute')
      )
      select id, kind, workspace_id from found`),
  )
  if (!row) return null
  const key: VerifiedKey = { id: row.id, kind: row.kind, workspaceId: row.workspace_id }
  recentKeys.keep(hash, key)
  return key
}
