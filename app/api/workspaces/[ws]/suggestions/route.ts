import { handle } from '@/lib/api/route'
import { chatContracts as contracts } from '@/lib/chat/contracts'
import { suggestions } from '@/lib/chat/suggestions'

export const GET = handle(contracts.suggestions, ({ caller, params, query }) => suggestions(caller.identity, params.ws, query))
