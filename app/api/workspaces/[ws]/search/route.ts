import { handle } from '@/lib/api/route'
import { documentContracts as contracts } from '@/lib/documents/contracts'
import { searchWorkspace } from '@/lib/retrieval/search'

export const POST = handle(contracts.search, ({ caller, params, body }) => searchWorkspace(caller.identity, params.ws, body))
