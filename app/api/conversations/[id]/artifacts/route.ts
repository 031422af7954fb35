import { handle } from '@/lib/api/route'
import { createArtifact, listArtifacts } from '@/lib/artifacts'
import { artifactContracts as contracts } from '@/lib/artifacts/contracts'

export const GET = handle(contracts.list, ({ caller, params, query }) => listArtifacts(caller.identity, params.id, query))
export const POST = handle(contracts.create, ({ caller, params, body }) => createArtifact(caller.identity, params.id, body))
