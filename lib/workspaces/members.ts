import { ApiError } from '../api/errors'
import { keyset, type PageQuery } from '../api/pagination'
import { asIdentity, sql, type Identity, type Queryable } from '../db'
import { atLeast, forgetRoles, requireRole, type Role } from './access'
import type { Member } from './schemas'

type MemberRow = { user_id: string; email: string; name: string | null; role: Role; created_at: Date; id: string; cursorAt: string }

const toMember = (row: MemberRow): Member => ({
  userId: row.user_id,
  email: row.email,
  name: row.name,
  role: row.role,
  createdAt: row.created_at.toISOString(),
})

async function readMember(tx: Queryable, workspaceId: string, userId: string): Promise<Member | null> {
  const [row] = await tx.query<MemberRow>(sql`
    select m.user_id, u.email::text as email, u.name, m.role, m.created_at from workspace_members m join users u on u.id = m.user_id
     where m.workspace_id = ${workspaceId} and m.user_id = ${userId}`)
  return row ? toMember(row) : null
}

const memberNotFound = () => new ApiError('not_found:member', 'This person is not a member of this workspace.')

/** Owner-level changes need an owner; the database enforces the same rule again. */
function checkOwnerChange(actor: Role, from: Role | null, to: Role | null) {
  if ((from === 'owner' || to === 'owner') && !atLeast(actor, 'owner')) {
    throw new ApiError('forbidden:member', 'Only an owner can grant, change or remove the owner role.')
  }
}

export async function listMembers(identity: Identity, workspaceId: string, page: PageQuery) {
  const { cursor, where, order, fetch, toPage } = keyset(page, { createdAt: sql`m.created_at`, id: sql`m.user_id` })
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'viewer')
    const rows = await tx.query<MemberRow>(sql`
      select m.user_id, m.user_id as id, u.email::text as email, u.name, m.role, m.created_at, ${cursor}
        from workspace_members m join users u on u.id = m.user_id
       where m.workspace_id = ${workspaceId} and ${where} order by ${order} limit ${fetch}`)
    return toPage(rows, toMember)
  })
}

/** Adds an existing account by e-mail. */
export async function addMember(identity: Identity, workspaceId: string, input: { email: string; role: Role }): Promise<Member> {
  return asIdentity(identity, async (tx) => {
    const actor = await requireRole(tx, identity, workspaceId, 'admin')
    checkOwnerChange(actor, null, input.role)
    const [found] = await tx.query<{ id: string | null }>(sql`select app.find_user_for_invite(${workspaceId}, ${input.email}) as id`)
    if (!found?.id) throw new ApiError('not_found:member', `No account uses ${input.email}: ask this person to sign up first, then add them.`)
    const inserted = await tx.query(sql`
      insert into workspace_members (workspace_id, user_id, role) values (${workspaceId}, ${found.id}, ${input.role})
      on conflict do nothing returning user_id`)
    if (!inserted.length) throw new ApiError('conflict:member', `${input.email} is already a member of this workspace.`)
    return (await readMember(tx, workspaceId, found.id))!
  })
}

export async function updateMember(identity: Identity, workspaceId: string, userId: string, input: { role: Role }): Promise<Member> {
  const member = await asIdentity(identity, async (tx) => {
    const actor = await requireRole(tx, identity, workspaceId, 'admin')
    const current = await readMember(tx, workspaceId, userId)
    if (!current) throw memberNotFound()
    checkOwnerChange(actor, current.role, input.role)
    await tx.query(sql`update workspace_members set role = ${input.role} where workspace_id = ${workspaceId} and user_id = ${userId}`)
    return (await readMember(tx, workspaceId, userId))!
  })
  forgetRoles()
  return member
}

/** Removes a member; anyone may leave, admins remove others, the last owner stays. */
export async function removeMember(identity: Identity, workspaceId: string, userId: string): Promise<void> {
  await asIdentity(identity, async (tx) => {
    const self = identity.kind === 'user' && identity.userId === userId
    const actor = await requireRole(tx, identity, workspaceId, self ? 'viewer' : 'admin')
    const current = await readMember(tx, workspaceId, userId)
    if (!current) throw memberNotFound()
    if (!self) checkOwnerChange(actor, current.role, null)
    await tx.query(sql`delete from workspace_members where workspace_id = ${workspaceId} and user_id = ${userId}`)
  })
  forgetRoles()
}
