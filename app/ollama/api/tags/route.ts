import { handle } from '@/lib/api/route'
import { ollamaContracts as contracts } from '@/lib/compat/contracts'
import { ollamaHandling, tags } from '@/lib/compat/ollama'

export const GET = handle(contracts.tags, ({ caller }) => tags(caller.identity), ollamaHandling)
