import { handle } from '@/lib/api/route'
import { chatContracts as contracts } from '@/lib/chat/contracts'
import { workspaceModels } from '@/lib/chat/models'

export const GET = handle(contracts.models, async ({ caller, params }) => ({ items: await workspaceModels(caller.identity, params.ws) }))
