import { handle } from '@/lib/api/route'
import { setFeedback } from '@/lib/conversations'
import { conversationContracts as contracts } from '@/lib/conversations/contracts'

export const POST = handle(contracts.feedback, ({ caller, params, body }) => setFeedback(caller.identity, params.id, body))
