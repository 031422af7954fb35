import { handle } from '@/lib/api/route'
import { ollamaContracts as contracts } from '@/lib/compat/contracts'
import { generate, ollamaHandling } from '@/lib/compat/ollama'

export const POST = handle(contracts.generate, ({ caller, body }) => generate(caller.identity, body), ollamaHandling)
