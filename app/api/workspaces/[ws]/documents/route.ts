import { handle } from '@/lib/api/route'
import { config } from '@/lib/config'
import { listDocuments, uploadDocuments } from '@/lib/documents'
import { documentContracts as contracts } from '@/lib/documents/contracts'
import { kickQueue } from '@/lib/documents/pipeline'
import { afterResponse } from '@/lib/http/after'
import { readFiles } from '@/lib/http/multipart'

const MAX_FILES = 20

export const GET = handle(contracts.list, ({ caller, params, query }) => listDocuments(caller.identity, params.ws, query))

export const POST = handle(contracts.upload, async ({ caller, params, request }) => {
  const maxFileBytes = config().uploadMaxBytes
  const uploads = await readFiles(request, 'file', { maxFiles: MAX_FILES, maxFileBytes, maxBytes: maxFileBytes * 4 + 1024 * 1024 })
  const result = await uploadDocuments(caller.identity, params.ws, uploads)
  afterResponse(kickQueue)
  return Response.json(result, { status: 202 })
})
