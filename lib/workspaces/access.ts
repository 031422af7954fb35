import { ApiError } from '../api/errors'
import { sql, type Identity, type Queryable } from '../db'
import { recentlyRead } from '../recent'

export const roles = ['viewer', 'member', 'admin', 'owner'] as const
export type Role = (typeof roles)[number]

export const atLeast = (role: Role, min: Role) => roles.indexOf(role) >= roles.indexOf(min)

/**
 * The role of a key or widget visitor in a workspace, which its credential says (a secret key
 * acts as admin, a widget visitor as viewer); a person's is read from the memberships (`roleIn`).
 */
function credentialRole(identity: Exclude<Identity, { kind: 'user' }>, workspaceId: string): Role | null {
  if (identity.kind === 'key') return identity.workspaceId === workspaceId && identity.keyKind === 'secret' ? 'admin' : null
  // A widget visitor may ask its workspace questions; the policies of 0007_widget.sql say what it reads.
  return identity.workspaceId === workspaceId ? 'viewer' : null
}

/**
 * People's roles as read in the last few seconds, per person: a burst of requests checks its
 * caller's role without a statement each. Only a role found here is trusted: a workspace
 * missing from it is read again. A role changed or a membership ended through this server is
 * forgotten at once (`forgetRoles`); one changed through another server on the same Postgres
 * can pass this check for up to five seconds, while row-level security keeps checking every
 * row against the memberships of the moment.
 */
const recentRoles = recentlyRead<Map<string, Role>>('monitoraRecentRoles', { ms: 5_000 })

/** The caller's role when it is known without a statement (a credential's, or a person's read a moment ago); undefined when it must be read. */
export function knownRole(identity: Identity, workspaceId: string): Role | null | undefined {
  if (identity.kind !== 'user') return credentialRole(identity, workspaceId)
  return recentRoles.get(identity.userId)?.get(workspaceId)
}

/** The caller's role in a workspace, or null when it is not theirs. */
export async function roleIn(tx: Queryable, identity: Identity, workspaceId: string): Promise<Role | null> {
  const known = knownRole(identity, workspaceId)
  if (known !== undefined || identity.kind !== 'user') return known ?? null
  const rows = await tx.query<{ workspace_id: string; role: Role }>(sql`select workspace_id, role from workspace_members where user_id = ${identity.userId}`)
  const roles = new Map(rows.map((row) => [row.workspace_id, row.role]))
  recentRoles.keep(identity.userId, roles)
  return roles.get(workspaceId) ?? null
}

/** After a membership changed or ended: every role is read again. */
export const forgetRoles = () => recentRoles.forgetAll()

export const workspaceNotFound = () => new ApiError('not_found:workspace', 'This workspace was not found, or you are not a member of it.')

/** 404 when the workspace is not the caller's (never 403: its existence stays private), 403 when the role is too low. */
export async function requireRole(tx: Queryable, identity: Identity, workspaceId: string, min: Role): Promise<Role> {
  return requireAtLeast(identity, workspaceId, await roleIn(tx, identity, workspaceId), min)
}

/** requireRole, given the person's role already known (a key's or a visitor's comes from its credential). */
export function requireAtLeast(identity: Identity, workspaceId: string, personRole: Role | null, min: Role): Role {
  const role = identity.kind === 'user' ? personRole : credentialRole(identity, workspaceId)
  if (!role) throw workspaceNotFound()
  if (!atLeast(role, min)) throw new ApiError('forbidden:workspace', `This needs the ${min} role or higher in this workspace; you are ${role}.`)
  return role
}
