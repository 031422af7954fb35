import { handle } from '@/lib/api/route'
import { openaiContracts as contracts } from '@/lib/compat/contracts'
import { embeddings, openaiHandling } from '@/lib/compat/openai'

export const POST = handle(contracts.embeddings, ({ caller, body, request }) => embeddings(caller.identity, body.model, body.input, body.encoding_format, request.signal), openaiHandling)
