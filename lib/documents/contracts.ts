import { z } from 'zod'
import { defineContract } from '../api/contract'
import { pageQuery, pageSchema } from '../api/pagination'
import { searchModes, searchResultSchema } from '../retrieval'
import { documentSchema, documentStatuses, documentTextSchema, ragStatsSchema, uploadResultSchema } from './schemas'

const ws = z.uuid('must be a workspace id (UUID)')
const docParams = z.object({ ws, doc: z.uuid('must be a document id (UUID)') })
const access = ['unauthorized:auth', 'unauthorized:key', 'not_found:workspace', 'forbidden:workspace'] as const

export const documentContracts = {
  list: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/documents',
    tag: 'Documents',
    summary: 'List documents, newest first',
    auth: 'session-or-secret',
    params: z.object({ ws }),
    query: pageQuery.extend({ status: z.enum(documentStatuses).optional() }),
    success: { status: 200, description: 'A page of documents', schema: pageSchema(documentSchema) },
    errors: [...access, 'bad_request:api'],
  }),
  upload: defineContract({
    method: 'POST',
    path: '/api/workspaces/{ws}/documents',
    tag: 'Documents',
    summary: 'Upload files (members)',
    description:
      'PDF, Word (.docx), Excel (.xlsx), CSV, Markdown, text and HTML, detected from the content. Processing runs after the answer: poll the documents for `status` and `progress`. A file refused at once is listed with status `failed` and its reason.',
    auth: 'session-or-secret',
    params: z.object({ ws }),
    upload: { field: 'file', description: 'One or more files in the repeatable field `file`.' },
    success: { status: 202, description: 'Accepted', schema: uploadResultSchema },
    errors: [...access, 'bad_request:api', 'payload_too_large:api', 'unsupported_media_type:api'],
  }),
  get: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/documents/{doc}',
    tag: 'Documents',
    summary: 'Read a document and its processing status',
    auth: 'session-or-secret',
    params: docParams,
    success: { status: 200, description: 'The document', schema: documentSchema },
    errors: [...access, 'not_found:document'],
  }),
  update: defineContract({
    method: 'PATCH',
    path: '/api/workspaces/{ws}/documents/{doc}',
    tag: 'Documents',
    summary: 'Keep a document out of answers, or bring it back (members)',
    auth: 'session-or-secret',
    params: docParams,
    body: z.strictObject({ excluded: z.boolean() }),
    success: { status: 200, description: 'The document', schema: documentSchema },
    errors: [...access, 'bad_request:api', 'not_found:document'],
  }),
  delete: defineContract({
    method: 'DELETE',
    path: '/api/workspaces/{ws}/documents/{doc}',
    tag: 'Documents',
    summary: 'Delete a document: its file, chunks and vectors (members)',
    auth: 'session-or-secret',
    params: docParams,
    success: { status: 204, description: 'Deleted' },
    errors: [...access, 'not_found:document'],
  }),
  reindex: defineContract({
    method: 'POST',
    path: '/api/workspaces/{ws}/documents/{doc}/reindex',
    tag: 'Documents',
    summary: 'Process a document again, e.g. after a failure or new chunk settings (members)',
    description: 'The current version stays searchable until the new one is ready.',
    auth: 'session-or-secret',
    params: docParams,
    success: { status: 202, description: 'Queued', schema: documentSchema },
    errors: [...access, 'not_found:document', 'conflict:document'],
  }),
  text: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/documents/{doc}/text',
    tag: 'Documents',
    summary: 'The extracted text, with the boundaries of its chunks',
    auth: 'session-or-secret',
    params: docParams,
    success: { status: 200, description: 'Text and chunks', schema: documentTextSchema },
    errors: [...access, 'not_found:document', 'conflict:document'],
  }),
  stats: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/rag/stats',
    tag: 'Documents',
    summary: 'Documents, chunks and storage of the workspace, by status and type',
    auth: 'session-or-secret',
    params: z.object({ ws }),
    success: { status: 200, description: 'Statistics', schema: ragStatsSchema },
    errors: [...access],
  }),
  search: defineContract({
    method: 'POST',
    path: '/api/workspaces/{ws}/search',
    tag: 'Search',
    summary: 'Find the passages that best answer a question',
    description: 'Lexical (BM25 over stemmed, accent-insensitive French and English, typo-tolerant), vector, or hybrid (reciprocal rank fusion) when an embedding model is configured.',
    auth: 'session-or-secret',
    params: z.object({ ws }),
    body: z.strictObject({
      query: z.string().trim().min(1, 'must not be empty').max(2000),
      limit: z.number().int().min(1).max(50).default(10),
      mode: z.enum(searchModes).optional().describe('Default: hybrid when an embedding model is configured, else lexical'),
    }),
    success: { status: 200, description: 'Passages, best first', schema: z.object({ results: z.array(searchResultSchema), mode: z.enum(searchModes), tookMs: z.number() }) },
    errors: [...access, 'bad_request:api', 'bad_request:search'],
  }),
}
