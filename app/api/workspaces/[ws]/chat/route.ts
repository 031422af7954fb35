import { z } from 'zod'
import { handle } from '@/lib/api/route'
import { ask, collect, streamResponse } from '@/lib/chat'
import { chatContracts as contracts, questionText } from '@/lib/chat/contracts'

export const POST = handle(contracts.chat, async ({ caller, params, body }) => {
  const id = z.uuid().safeParse(body.message.id).data
  const stream = await ask(caller.identity, params.ws, {
    conversationId: body.conversationId,
    message: { id, text: questionText(body.message) },
    model: body.model,
    editOf: body.editOf,
  })
  return body.stream ? streamResponse(stream) : collect(caller.identity, stream)
})
