import { handle } from '@/lib/api/route'
import { deleteConversation, getConversation, updateConversation } from '@/lib/conversations'
import { conversationContracts as contracts } from '@/lib/conversations/contracts'

export const GET = handle(contracts.get, ({ caller, params }) => getConversation(caller.identity, params.id))
export const PATCH = handle(contracts.update, ({ caller, params, body }) => updateConversation(caller.identity, params.id, body))
export const DELETE = handle(contracts.delete, ({ caller, params }) => deleteConversation(caller.identity, params.id))
