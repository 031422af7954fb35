import { chooseModel, listModels } from '../ai/models'
import { asIdentity, sql, type Identity } from '../db'
import { requireRole } from '../workspaces/access'

/** The model picker's list: every registered model, the one that answers by default marked. */
export async function workspaceModels(identity: Identity, workspaceId: string) {
  const setting = await asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'viewer')
    const [row] = await tx.query<{ model: string | null }>(sql`select model from workspaces where id = ${workspaceId}`)
    return row.model
  })
  const chosen = chooseModel(undefined, setting)
  return listModels().map((model) => ({ id: model.id, label: model.label, provider: model.provider, default: model.id === chosen.id }))
}
