import { handle } from '@/lib/api/route'
import { listMessages } from '@/lib/conversations'
import { conversationContracts as contracts } from '@/lib/conversations/contracts'

export const GET = handle(contracts.messages, ({ caller, params, query }) => listMessages(caller.identity, params.id, query))
