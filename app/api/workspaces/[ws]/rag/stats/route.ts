import { handle } from '@/lib/api/route'
import { ragStats } from '@/lib/documents'
import { documentContracts as contracts } from '@/lib/documents/contracts'

export const GET = handle(contracts.stats, ({ caller, params }) => ragStats(caller.identity, params.ws))
