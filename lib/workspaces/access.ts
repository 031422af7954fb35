import { ApiError } from '../api/errors'
import { sql, type Identity, type Queryable } from '../db'

export const roles = ['viewer', 'member', 'admin', 'owner'] as const
export type Role = (typeof roles)[number]

export const atLeast = (role: Role, min: Role) => roles.indexOf(role) >= roles.indexOf(min)

/**
 * The role of a key or widget visitor in a workspace, which its credential says (a secret key
 * acts as admin, a widget visitor as viewer); a person's is read from the membership (`memberRole`).
 */
function credentialRole(identity: Exclude<Identity, { kind: 'user' }>, workspaceId: string): Role | null {
  if (identity.kind === 'key') return identity.workspaceId === workspaceId && identity.keyKind === 'secret' ? 'admin' : null
  // A widget visitor may ask its workspace questions; the policies of 0007_widget.sql say what it reads.
  return identity.workspaceId === workspaceId ? 'viewer' : null
}

/** The caller's role in a workspace, or null when it is not theirs. */
export async function roleIn(tx: Queryable, identity: Identity, workspaceId: string): Promise<Role | null> {
  if (identity.kind !== 'user') return credentialRole(identity, workspaceId)
  const [row] = await tx.query<{ role: Role }>(sql`select ${memberRole(identity, workspaceId)} as role`)
  return row?.role ?? null
}

/** The person's role as an SQL expression, to read along with something else: null for keys and visitors. */
export const memberRole = (identity: Identity, workspaceId: string) =>
  identity.kind === 'user' ? sql`(select role from workspace_members where workspace_id = ${workspaceId} and user_id = ${identity.userId})` : sql`null::text`

/** 404 when the workspace is not the caller's (never 403: its existence stays private), 403 when the role is too low. */
export async function requireRole(tx: Queryable, identity: Identity, workspaceId: string, min: Role): Promise<Role> {
  return requireAtLeast(identity, workspaceId, await roleIn(tx, identity, workspaceId), min)
}

/** requireRole, given what `memberRole` read. */
export function requireAtLeast(identity: Identity, workspaceId: string, memberRoleRead: Role | null, min: Role): Role {
  const role = identity.kind === 'user' ? memberRoleRead : credentialRole(identity, workspaceId)
  if (!role) throw new ApiError('not_found:workspace', 'This workspace was not found, or you are not a member of it.')
  if (!atLeast(role, min)) throw new ApiError('forbidden:workspace', `This needs the ${min} role or higher in this workspace; you are ${role}.`)
  return role
}
