import { handle } from '@/lib/api/route'
import { askMany, streamResponse } from '@/lib/chat'
import { chatContracts as contracts, questionText } from '@/lib/chat/contracts'

export const POST = handle(contracts.compare, async ({ caller, params, body }) =>
  streamResponse(await askMany(caller.identity, params.ws, { conversationId: body.conversationId, message: { text: questionText(body.message) } }, body.models)),
)
