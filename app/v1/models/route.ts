import { handle } from '@/lib/api/route'
import { openaiContracts as contracts } from '@/lib/compat/contracts'
import { models, openaiHandling } from '@/lib/compat/openai'

export const GET = handle(contracts.models, ({ caller }) => models(caller.identity), openaiHandling)
