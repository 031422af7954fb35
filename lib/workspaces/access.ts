import { ApiError } from '../api/errors'
import { sql, type Identity, type Queryable } from '../db'

export const roles = ['viewer', 'member', 'admin', 'owner'] as const
export type Role = (typeof roles)[number]

export const atLeast = (role: Role, min: Role) => roles.indexOf(role) >= roles.indexOf(min)

/** The caller's role in a workspace, or null when it is not theirs (a secret key acts as admin, a widget visitor as viewer). */
export async function roleIn(tx: Queryable, identity: Identity, workspaceId: string): Promise<Role | null> {
  if (identity.kind === 'key') return identity.workspaceId === workspaceId && identity.keyKind === 'secret' ? 'admin' : null
  // A widget visitor may ask its workspace questions; the policies of 0007_widget.sql say what it reads.
  if (identity.kind === 'visitor') return identity.workspaceId === workspaceId ? 'viewer' : null
  const [row] = await tx.query<{ role: Role }>(
    sql`select role from workspace_members where workspace_id = ${workspaceId} and user_id = ${identity.userId}`,
  )
  return row?.role ?? null
}

/** 404 when the workspace is not the caller's (never 403: its existence stays private), 403 when the role is too low. */
export async function requireRole(tx: Queryable, identity: Identity, workspaceId: string, min: Role): Promise<Role> {
  const role = await roleIn(tx, identity, workspaceId)
  if (!role) throw new ApiError('not_found:workspace', 'This workspace was not found, or you are not a member of it.')
  if (!atLeast(role, min)) throw new ApiError('forbidden:workspace', `This needs the ${min} role or higher in this workspace; you are ${role}.`)
  return role
}
