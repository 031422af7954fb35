import { handle } from '@/lib/api/route'
import { ollamaContracts as contracts } from '@/lib/compat/contracts'
import { chat, ollamaHandling } from '@/lib/compat/ollama'

export const POST = handle(contracts.chat, ({ caller, body, request }) => chat(caller.identity, body, request), ollamaHandling)
