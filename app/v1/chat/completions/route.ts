import { handle } from '@/lib/api/route'
import { openaiContracts as contracts } from '@/lib/compat/contracts'
import { chatCompletions, openaiHandling } from '@/lib/compat/openai'

export const POST = handle(contracts.chat, ({ caller, body, request }) => chatCompletions(caller.identity, body, request), openaiHandling)
