import { handle } from '@/lib/api/route'
import { listVersions } from '@/lib/artifacts'
import { artifactContracts as contracts } from '@/lib/artifacts/contracts'

export const GET = handle(contracts.versions, async ({ caller, params }) => ({ items: await listVersions(caller.identity, params.id) }))
