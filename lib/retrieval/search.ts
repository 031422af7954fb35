import { asIdentity, type Identity } from '../db'
import { requireRole } from '../workspaces/access'
import { searchChunks, type SearchMode } from '.'

/** The search route: any member of the workspace (or its secret key) may search it. */
export async function searchWorkspace(identity: Identity, workspaceId: string, input: { query: string; limit: number; mode?: SearchMode }) {
  const started = performance.now()
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'viewer')
    const results = await searchChunks(tx, workspaceId, input.query, { limit: input.limit, mode: input.mode })
    return { results, mode: 'lexical' as SearchMode, tookMs: Math.round((performance.now() - started) * 10) / 10 }
  })
}
