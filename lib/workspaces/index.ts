import { notFound } from '../api/errors'
import { keyset, type PageQuery } from '../api/pagination'
import { asIdentity, sql, type Identity, type Queryable } from '../db'
import { forgetKeys } from '../keys'
import { forgetRoles, requireRole, type Role } from './access'
import { widgetDefaults, type Workspace, type WorkspacePatch } from './schemas'

export * from './schemas'
export { roles, atLeast, type Role } from './access'

type WorkspaceRow = {
  id: string
  name: string
  system_prompt: string
  model: string | null
  temperature: number
  allowed_domains: string[]
  widget: Partial<Workspace['widget']>
  created_at: Date
  updated_at: Date
  role: Role
}

const columns = sql`w.id, w.name, w.system_prompt, w.model, w.temperature, w.allowed_domains, w.widget, w.created_at, w.updated_at`

const toWorkspace = (row: WorkspaceRow): Workspace => ({
  id: row.id,
  name: row.name,
  systemPrompt: row.system_prompt,
  model: row.model,
  temperature: Math.round(row.temperature * 100) / 100,
  allowedDomains: row.allowed_domains,
  widget: { ...widgetDefaults, ...row.widget },
  role: row.role,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
})

async function readWorkspace(tx: Queryable, id: string, role: Role): Promise<Workspace> {
  const [row] = await tx.query<Omit<WorkspaceRow, 'role'>>(sql`select ${columns} from workspaces w where w.id = ${id}`)
  if (!row) throw notFound('workspace', 'This workspace')
  return toWorkspace({ ...row, role })
}

/** The workspaces of a signed-in user, newest first. */
export async function listWorkspaces(identity: Identity & { kind: 'user' }, page: PageQuery) {
  const { cursor, where, order, fetch, toPage } = keyset(page, { createdAt: sql`w.created_at`, id: sql`w.id` })
  const rows = await asIdentity(identity, (tx) =>
    tx.query<WorkspaceRow & { cursorAt: string }>(sql`
      select ${columns}, m.role, ${cursor} from workspaces w
        join workspace_members m on m.workspace_id = w.id and m.user_id = ${identity.userId}
       where ${where} order by ${order} limit ${fetch}`),
  )
  return toPage(rows, toWorkspace)
}

/** Creates a workspace; the database makes its creator the owner. */
export async function createWorkspace(identity: Identity & { kind: 'user' }, input: { name: string }): Promise<Workspace> {
  const id = crypto.randomUUID()
  return asIdentity(identity, async (tx) => {
    await tx.query(sql`insert into workspaces (id, name, created_by) values (${id}, ${input.name}, ${identity.userId})`)
    return readWorkspace(tx, id, 'owner')
  })
}

export async function getWorkspace(identity: Identity, id: string): Promise<Workspace> {
  return asIdentity(identity, async (tx) => readWorkspace(tx, id, await requireRole(tx, identity, id, 'viewer')))
}

export async function updateWorkspace(identity: Identity, id: string, patch: WorkspacePatch): Promise<Workspace> {
  return asIdentity(identity, async (tx) => {
    const role = await requireRole(tx, identity, id, 'admin')
    const sets = [
      patch.name !== undefined && sql`name = ${patch.name}`,
      patch.systemPrompt !== undefined && sql`system_prompt = ${patch.systemPrompt}`,
      patch.model !== undefined && sql`model = ${patch.model}`,
      patch.temperature !== undefined && sql`temperature = ${patch.temperature}`,
      patch.allowedDomains !== undefined && sql`allowed_domains = ${patch.allowedDomains}`,
      patch.widget !== undefined && sql`widget = widget || ${JSON.stringify(patch.widget)}::jsonb`,
    ].filter((set) => set !== false)
    await tx.query(sql`update workspaces set ${sql.join(sets)} where id = ${id}`)
    return readWorkspace(tx, id, role)
  })
}

/** Deletes a workspace and everything in it (owners only). */
export async function deleteWorkspace(identity: Identity, id: string): Promise<void> {
  await asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, id, 'owner')
    await tx.query(sql`delete from workspaces where id = ${id}`)
  })
  forgetRoles()
  forgetKeys()
}
