import { handle } from '@/lib/api/route'
import { collect, regenerate, streamResponse } from '@/lib/chat'
import { chatContracts as contracts } from '@/lib/chat/contracts'

export const POST = handle(contracts.retry, async ({ caller, params, body }) => {
  const stream = await regenerate(caller.identity, params.id, body.model)
  return body.stream ? streamResponse(stream) : collect(caller.identity, stream)
})
