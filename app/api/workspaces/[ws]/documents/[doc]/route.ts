import { handle } from '@/lib/api/route'
import { deleteDocument, getDocument, setExcluded } from '@/lib/documents'
import { documentContracts as contracts } from '@/lib/documents/contracts'

export const GET = handle(contracts.get, ({ caller, params }) => getDocument(caller.identity, params.ws, params.doc))
export const PATCH = handle(contracts.update, ({ caller, params, body }) => setExcluded(caller.identity, params.ws, params.doc, body.excluded))
export const DELETE = handle(contracts.delete, ({ caller, params }) => deleteDocument(caller.identity, params.ws, params.doc))
