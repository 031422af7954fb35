import { handle } from '@/lib/api/route'
import { deleteWorkspace, getWorkspace, updateWorkspace } from '@/lib/workspaces'
import { workspaceContracts as contracts } from '@/lib/workspaces/contracts'

export const GET = handle(contracts.get, ({ caller, params }) => getWorkspace(caller.identity, params.ws))
export const PATCH = handle(contracts.update, ({ caller, params, body }) => updateWorkspace(caller.identity, params.ws, body))
export const DELETE = handle(contracts.delete, ({ caller, params }) => deleteWorkspace(caller.identity, params.ws))
