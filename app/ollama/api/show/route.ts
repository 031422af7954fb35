import { handle } from '@/lib/api/route'
import { ollamaContracts as contracts } from '@/lib/compat/contracts'
import { ollamaHandling, show } from '@/lib/compat/ollama'

export const POST = handle(contracts.show, ({ caller, body }) => show(caller.identity, (body.model ?? body.name)!), ollamaHandling)
