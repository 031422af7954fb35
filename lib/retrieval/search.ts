import { asIdentity, type Identity } from '../db'
import { requireRole } from '../workspaces/access'
import { planSearch, searchChunks, type SearchMode } from '.'

/** The search route: any member of the workspace (or its secret key) may search it. */
export async function searchWorkspace(identity: Identity, workspaceId: string, input: { query: string; limit: number; mode?: SearchMode }) {
  const started = performance.now()
  // Check access before asking the (paid) embedding model anything.
  await asIdentity(identity, (tx) => requireRole(tx, identity, workspaceId, 'viewer'))
  const plan = await planSearch(input.query, input.mode)
  return asIdentity(
    identity,
    async (tx) => {
      const results = await searchChunks(tx, workspaceId, input.query, plan, input.limit)
      return { results, mode: plan.mode, tookMs: Math.round((performance.now() - started) * 10) / 10 }
    },
    { snapshot: true },
  )
}
