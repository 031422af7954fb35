import { handle } from '@/lib/api/route'
import { ollamaContracts as contracts } from '@/lib/compat/contracts'
import { embed, ollamaHandling } from '@/lib/compat/ollama'

export const POST = handle(contracts.embed, ({ caller, body, request }) => embed(caller.identity, body.model, body.input, request.signal), ollamaHandling)
