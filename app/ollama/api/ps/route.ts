import { handle } from '@/lib/api/route'
import { ollamaContracts as contracts } from '@/lib/compat/contracts'
import { ollamaHandling, ps } from '@/lib/compat/ollama'

export const GET = handle(contracts.ps, ({ caller }) => ps(caller.identity), ollamaHandling)
