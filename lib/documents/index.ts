import { createHash } from 'node:crypto'
import { ApiError } from '../api/errors'
import { keyset, type PageQuery } from '../api/pagination'
import { asIdentity, asService, sql, type Identity, type Queryable } from '../db'
import type { UploadedFile } from '../http/multipart'
import { vectorStore } from '../retrieval/vectors'
import { fileKey, files } from '../storage'
import { requireRole } from '../workspaces/access'
import { detectType, mediaTypes, type DocumentType } from './detect'
import { DocumentError, failureReasons, type FailureReason } from './errors'
import { dropGeneration, unpublish } from './indexer'
import type { DocumentInfo } from './schemas'

export * from './schemas'

type DocumentRow = {
  id: string
  name: string
  type: DocumentType | null
  size_bytes: number
  status: DocumentInfo['status']
  progress: number
  error_reason: FailureReason | null
  excluded: boolean
  title: string | null
  language: DocumentInfo['language']
  pages: number | null
  chunk_count: number
  uploaded_by: string | null
  uploader_email: string | null
  created_at: Date
  processed_at: Date | null
  cursorAt: string
}

const columns = sql`d.id, d.name, d.type, d.size_bytes, d.status, d.progress, d.error_reason, d.excluded, d.title, d.language, d.pages,
  d.chunk_count, d.uploaded_by, u.email::text as uploader_email, d.created_at, d.processed_at`

const toDocument = (row: DocumentRow): DocumentInfo => ({
  id: row.id,
  name: row.name,
  type: row.type,
  sizeBytes: Number(row.size_bytes),
  status: row.status,
  progress: row.progress,
  error: row.error_reason ? { reason: row.error_reason, message: failureReasons[row.error_reason] } : null,
  excluded: row.excluded,
  title: row.title,
  language: row.language,
  pages: row.pages,
  chunkCount: row.chunk_count,
  uploadedBy: row.uploaded_by && row.uploader_email ? { id: row.uploaded_by, email: row.uploader_email } : null,
  createdAt: row.created_at.toISOString(),
  processedAt: row.processed_at?.toISOString() ?? null,
})

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

const notFound = () => new ApiError('not_found:document', 'This document was not found in this workspace.')

async function readDocument(tx: Queryable, workspaceId: string, id: string): Promise<DocumentInfo> {
  const [row] = await tx.query<DocumentRow>(sql`
    select ${columns} from documents d left join users u on u.id = d.uploaded_by where d.workspace_id = ${workspaceId} and d.id = ${id}`)
  if (!row) throw notFound()
  return toDocument(row)
}

/**
 * Stores the files and queues them; a file whose type is refused at once is recorded as
 * failed with its reason, so a batch never loses track of one of its files.
 */
export async function uploadDocuments(identity: Identity, workspaceId: string, uploads: UploadedFile[]) {
  const uploader = identity.kind === 'user' ? identity.userId : null
  await asIdentity(identity, (tx) => requireRole(tx, identity, workspaceId, 'member'))
  const store = await files()
  const items: { id: string; name: string; status: DocumentInfo['status']; error: DocumentInfo['error'] }[] = []
  for (const upload of uploads) {
    const id = crypto.randomUUID()
    let type: DocumentType | null = null
    let failure: FailureReason | null = null
    try {
      type = detectType(upload.bytes, upload.name)
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error
      failure = error.reason
    }
    const key = type ? fileKey(workspaceId, id, upload.name) : null
    if (key && type) await store.put(key, upload.bytes, mediaTypes[type])
    try {
      await asIdentity(identity, (tx) =>
        tx.query(sql`
          insert into documents (id, workspace_id, name, type, media_type, size_bytes, sha256, storage_key, status, error_reason, uploaded_by, processed_at)
          values (${id}, ${workspaceId}, ${upload.name}, ${type}, ${type ? mediaTypes[type] : null}, ${upload.bytes.byteLength}, ${sha256(upload.bytes)},
                  ${key}, ${failure ? 'failed' : 'queued'}, ${failure}, ${uploader}, ${failure ? new Date() : null})`),
      )
    } catch (error) {
      if (key) await store.remove([key]).catch(() => undefined)
      throw error
    }
    items.push({ id, name: upload.name, status: failure ? 'failed' : 'queued', error: failure ? { reason: failure, message: failureReasons[failure] } : null })
  }
  return { items }
}

export async function listDocuments(identity: Identity, workspaceId: string, page: PageQuery & { status?: DocumentInfo['status'] }) {
  const { cursor, where, order, fetch, toPage } = keyset(page, { createdAt: sql`d.created_at`, id: sql`d.id` })
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'viewer')
    const rows = await tx.query<DocumentRow>(sql`
      select ${columns}, ${cursor} from documents d left join users u on u.id = d.uploaded_by
       where d.workspace_id = ${workspaceId} and ${page.status ? sql`d.status = ${page.status}` : sql`true`} and ${where}
       order by ${order} limit ${fetch}`)
    return toPage(rows, toDocument)
  })
}

export async function getDocument(identity: Identity, workspaceId: string, id: string): Promise<DocumentInfo> {
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'viewer')
    return readDocument(tx, workspaceId, id)
  })
}

/** Keeps a document out of answers and search, or brings it back. */
export async function setExcluded(identity: Identity, workspaceId: string, id: string, excluded: boolean): Promise<DocumentInfo> {
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'member')
    const updated = await tx.query(sql`update documents set excluded = ${excluded} where workspace_id = ${workspaceId} and id = ${id} returning id`)
    if (!updated.length) throw notFound()
    return readDocument(tx, workspaceId, id)
  })
}

/** Deletes the document, its chunks, postings and vectors, then its file. */
export async function deleteDocument(identity: Identity, workspaceId: string, id: string): Promise<void> {
  const key = await asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'member')
    const [row] = await tx.query<{ storage_key: string | null }>(sql`select storage_key from documents where workspace_id = ${workspaceId} and id = ${id}`)
    if (!row) throw notFound()
    return row.storage_key
  })
  const generations = await asService(async (tx) => {
    const [doc] = await tx.query<{ generation: number; searchable_generation: number | null }>(sql`
      select generation, searchable_generation from documents where workspace_id = ${workspaceId} and id = ${id} for update`)
    if (!doc) return []
    await unpublish(tx, workspaceId, id)
    const written = [...new Set([doc.generation, doc.searchable_generation])].filter((generation): generation is number => generation !== null)
    for (const generation of written) await dropGeneration(tx, workspaceId, id, generation)
    await tx.query(sql`delete from documents where workspace_id = ${workspaceId} and id = ${id}`)
    return written
  })
  for (const generation of generations) await vectorStore().dropGeneration({ workspaceId, documentId: id, generation })
  if (key) await (await files()).remove([key])
}

/** Processes the document again (after a failure, or with new chunk settings); the current version stays searchable meanwhile. */
export async function reindexDocument(identity: Identity, workspaceId: string, id: string): Promise<DocumentInfo> {
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'member')
    const [row] = await tx.query<{ status: DocumentInfo['status']; storage_key: string | null }>(sql`
      select status, storage_key from documents where workspace_id = ${workspaceId} and id = ${id}`)
    if (!row) throw notFound()
    if (!row.storage_key) throw new ApiError('conflict:document', 'This file was refused at upload and was not kept: upload a supported file instead.')
    if (row.status === 'queued' || row.status === 'processing') throw new ApiError('conflict:document', 'This document is already being processed.')
    await tx.query(sql`
      update documents set status = 'queued', progress = 0, error_reason = null, error_detail = null,
             generation = case when searchable_generation = generation then generation + 1 else generation end
       where workspace_id = ${workspaceId} and id = ${id}`)
    return readDocument(tx, workspaceId, id)
  })
}

/** The extracted text with where each chunk starts and ends, to see how the document was cut. */
export async function documentText(identity: Identity, workspaceId: string, id: string) {
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'viewer')
    const [text] = await tx.query<{ content: string; generation: number }>(sql`
      select t.content, t.generation from document_texts t join documents d on d.id = t.document_id
       where d.workspace_id = ${workspaceId} and d.id = ${id}`)
    if (!text) {
      await readDocument(tx, workspaceId, id)
      throw new ApiError('conflict:document', 'This document has no extracted text yet: it is not ready.')
    }
    const chunks = await tx.query<{ id: number; ordinal: number; start_offset: number; end_offset: number; page: number | null; heading_path: string[] }>(sql`
      select id, ordinal, start_offset, end_offset, page, heading_path from chunks
       where workspace_id = ${workspaceId} and document_id = ${id} and generation = ${text.generation} order by ordinal`)
    return {
      text: text.content,
      chunks: chunks.map((c) => ({ id: Number(c.id), ordinal: c.ordinal, start: c.start_offset, end: c.end_offset, page: c.page, headingPath: c.heading_path })),
    }
  })
}

export async function ragStats(identity: Identity, workspaceId: string) {
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'viewer')
    const rows = await tx.query<{ status: DocumentInfo['status']; type: string | null; excluded: boolean; documents: number; chunks: number; bytes: number }>(sql`
      select status, type, excluded, count(*)::int as documents, coalesce(sum(chunk_count), 0)::int as chunks, coalesce(sum(size_bytes), 0)::int8 as bytes
        from documents where workspace_id = ${workspaceId} group by status, type, excluded`)
    const byStatus = { queued: 0, processing: 0, ready: 0, failed: 0 }
    const byType: Record<string, number> = {}
    let documents = 0
    let chunks = 0
    let storageBytes = 0
    let excluded = 0
    for (const row of rows) {
      byStatus[row.status] += row.documents
      byType[row.type ?? 'unknown'] = (byType[row.type ?? 'unknown'] ?? 0) + row.documents
      documents += row.documents
      chunks += row.chunks
      storageBytes += Number(row.bytes)
      if (row.excluded) excluded += row.documents
    }
    return { documents, chunks, storageBytes, byStatus, byType, excluded }
  })
}
