import { handle } from '@/lib/api/route'
import { ollamaContracts as contracts } from '@/lib/compat/contracts'
import { ollamaHandling, pull } from '@/lib/compat/ollama'

export const POST = handle(contracts.pull, ({ caller, body }) => pull(caller.identity, (body.model ?? body.name)!, body.stream), ollamaHandling)
