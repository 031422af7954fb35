import { handle } from '@/lib/api/route'
import { workspaceContracts as contracts } from '@/lib/workspaces/contracts'
import { removeMember, updateMember } from '@/lib/workspaces/members'

export const PATCH = handle(contracts.updateMember, ({ caller, params, body }) => updateMember(caller.identity, params.ws, params.userId, body))
export const DELETE = handle(contracts.removeMember, ({ caller, params }) => removeMember(caller.identity, params.ws, params.userId))
