import { handle } from '@/lib/api/route'
import { ollamaContracts as contracts } from '@/lib/compat/contracts'
import { embeddings, ollamaHandling } from '@/lib/compat/ollama'

export const POST = handle(contracts.embeddings, ({ caller, body, request }) => embeddings(caller.identity, body.model, body.prompt, request.signal), ollamaHandling)
