import { handle } from '@/lib/api/route'
import { ollamaContracts as contracts } from '@/lib/compat/contracts'
import { OLLAMA_VERSION, ollamaHandling } from '@/lib/compat/ollama'

export const GET = handle(contracts.version, async () => ({ version: OLLAMA_VERSION }), ollamaHandling)
