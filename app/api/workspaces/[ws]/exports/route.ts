import { handle } from '@/lib/api/route'
import { artifactsForExport } from '@/lib/artifacts'
import { artifactContracts as contracts } from '@/lib/artifacts/contracts'
import { exportWorkbook } from '@/lib/exports'

export const POST = handle(contracts.exportMany, async ({ caller, params, body }) => exportWorkbook(await artifactsForExport(caller.identity, params.ws, body.artifactIds)))
