import { handle } from '@/lib/api/route'
import { deleteArtifact, getArtifact, updateArtifact } from '@/lib/artifacts'
import { artifactContracts as contracts } from '@/lib/artifacts/contracts'

export const GET = handle(contracts.get, ({ caller, params }) => getArtifact(caller.identity, params.id))
export const PATCH = handle(contracts.update, ({ caller, params, body }) => updateArtifact(caller.identity, params.id, body))
export const DELETE = handle(contracts.delete, ({ caller, params }) => deleteArtifact(caller.identity, params.id))
