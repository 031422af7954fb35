import { handle } from '@/lib/api/route'
import { deleteMessage } from '@/lib/conversations'
import { conversationContracts as contracts } from '@/lib/conversations/contracts'

export const DELETE = handle(contracts.deleteMessage, ({ caller, params }) => deleteMessage(caller.identity, params.id))
