import { handle } from '@/lib/api/route'
import { getArtifact } from '@/lib/artifacts'
import { artifactContracts as contracts } from '@/lib/artifacts/contracts'
import { exportArtifact } from '@/lib/exports'

export const GET = handle(contracts.export, async ({ caller, params, query }) => exportArtifact(await getArtifact(caller.identity, params.id), query.format, query.lang))
