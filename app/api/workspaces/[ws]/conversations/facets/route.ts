import { handle } from '@/lib/api/route'
import { conversationFacets } from '@/lib/conversations'
import { conversationContracts as contracts } from '@/lib/conversations/contracts'

export const GET = handle(contracts.facets, ({ caller, params }) => conversationFacets(caller.identity, params.ws))
