import { handle } from '@/lib/api/route'
import { createKey, listKeys } from '@/lib/keys'
import { workspaceContracts as contracts } from '@/lib/workspaces/contracts'

export const GET = handle(contracts.listKeys, ({ caller, params, query }) => listKeys(caller.identity, params.ws, query))
export const POST = handle(contracts.createKey, ({ caller, params, body }) => createKey(caller.identity, params.ws, body))
