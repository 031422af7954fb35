import { handle } from '@/lib/api/route'
import { reindexDocument } from '@/lib/documents'
import { documentContracts as contracts } from '@/lib/documents/contracts'
import { kickQueue } from '@/lib/documents/pipeline'
import { afterResponse } from '@/lib/http/after'

export const POST = handle(contracts.reindex, async ({ caller, params }) => {
  const document = await reindexDocument(caller.identity, params.ws, params.doc)
  afterResponse(kickQueue)
  return Response.json(document, { status: 202 })
})
