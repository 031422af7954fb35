import { handle } from '@/lib/api/route'
import { createWorkspace, listWorkspaces } from '@/lib/workspaces'
import { workspaceContracts as contracts } from '@/lib/workspaces/contracts'

export const GET = handle(contracts.list, ({ caller, query }) => listWorkspaces(caller.identity, query))
export const POST = handle(contracts.create, ({ caller, body }) => createWorkspace(caller.identity, body))
