import { handle } from '@/lib/api/route'
import { createConversation, listConversations } from '@/lib/conversations'
import { conversationContracts as contracts } from '@/lib/conversations/contracts'

export const GET = handle(contracts.list, ({ caller, params, query: { limit, cursor, ...filters } }) =>
  listConversations(caller.identity, params.ws, { limit, cursor }, filters),
)
export const POST = handle(contracts.create, ({ caller, params, body }) => createConversation(caller.identity, params.ws, body))
