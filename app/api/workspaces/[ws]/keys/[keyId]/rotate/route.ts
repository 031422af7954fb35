import { handle } from '@/lib/api/route'
import { rotateKey } from '@/lib/keys'
import { workspaceContracts as contracts } from '@/lib/workspaces/contracts'

export const POST = handle(contracts.rotateKey, ({ caller, params }) => rotateKey(caller.identity, params.ws, params.keyId))
