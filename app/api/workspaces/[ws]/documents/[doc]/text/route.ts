import { handle } from '@/lib/api/route'
import { documentText } from '@/lib/documents'
import { documentContracts as contracts } from '@/lib/documents/contracts'

export const GET = handle(contracts.text, ({ caller, params }) => documentText(caller.identity, params.ws, params.doc))
