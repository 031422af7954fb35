import { handle } from '@/lib/api/route'
import { workspaceContracts as contracts } from '@/lib/workspaces/contracts'
import { addMember, listMembers } from '@/lib/workspaces/members'

export const GET = handle(contracts.listMembers, ({ caller, params, query }) => listMembers(caller.identity, params.ws, query))
export const POST = handle(contracts.addMember, ({ caller, params, body }) => addMember(caller.identity, params.ws, body))
