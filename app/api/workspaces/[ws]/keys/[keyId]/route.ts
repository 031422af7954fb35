import { handle } from '@/lib/api/route'
import { revokeKey } from '@/lib/keys'
import { workspaceContracts as contracts } from '@/lib/workspaces/contracts'

export const DELETE = handle(contracts.revokeKey, ({ caller, params }) => revokeKey(caller.identity, params.ws, params.keyId))
