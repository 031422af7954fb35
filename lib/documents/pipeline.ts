import { embedder } from '../ai/embeddings'
import { config } from '../config'
import { asService, database, inBackground, sql } from '../db'
import { vectorStore } from '../retrieval/vectors'
import { files } from '../storage'
import { chunkBlocks } from './chunk'
import type { DocumentType } from './detect'
import { DocumentError } from './errors'
import { extract } from './extract'
import { dropGeneration, indexChunks, publishGeneration } from './indexer'

const BATCH = 250

interface Claimed {
  id: string
  workspace_id: string
  name: string
  /** Detected from the content at upload. */
  type: DocumentType
  storage_key: string
  generation: number
  searchable_generation: number | null
  chunk_size: number
  chunk_overlap: number
}

const setProgress = (id: string, progress: number) =>
  asService((tx) => tx.query(sql`update documents set progress = ${Math.round(progress * 100) / 100} where id = ${id}`))

/** Takes the oldest queued document, if any, for this process. */
async function claim(): Promise<Claimed | null> {
  const [row] = await asService((tx) =>
    tx.query<Claimed>(sql`
      with next as (
        select id from documents where status = 'queued' order by created_at, id limit 1 for update skip locked
      )
      update documents d set status = 'processing', progress = 0, attempts = attempts + 1, error_reason = null, error_detail = null
        from next, workspaces w
       where d.id = next.id and w.id = d.workspace_id
      returning d.id, d.workspace_id, d.name, d.type, d.storage_key, d.generation, d.searchable_generation, w.chunk_size, w.chunk_overlap`),
  )
  return row ?? null
}

/** Extracts, chunks and indexes one document; a failure leaves its previous state searchable. */
async function processDocument(doc: Claimed): Promise<void> {
  try {
    const bytes = await (await files()).get(doc.storage_key)
    const extracted = await extract(bytes, doc.type, doc.name)
    await setProgress(doc.id, 0.3)
    const { text, chunks } = chunkBlocks(extracted.blocks, { maxChars: doc.chunk_size, overlap: doc.chunk_overlap })
    if (!chunks.length) throw new DocumentError('no_text')
    const title = extracted.title ?? doc.name.replace(/\.[^.]+$/, '')
    const target = { workspaceId: doc.workspace_id, documentId: doc.id, generation: doc.generation, language: extracted.language, title }
    const vectors = vectorStore()
    const model = embedder()
    if (doc.searchable_generation !== doc.generation) await dropUnpublished(doc)
    for (let from = 0; from < chunks.length; from += BATCH) {
      const batch = chunks.slice(from, from + BATCH)
      // Embeddings come from the network: never inside a transaction.
      const embeddings = model ? await model.embed(batch.map((chunk) => [title, chunk.headingPath.join(' > '), chunk.text].filter(Boolean).join('\n'))) : null
      const ids = await asService((tx) => indexChunks(tx, target, batch, vectors.kind === 'pgvector' ? embeddings : null))
      if (embeddings && vectors.kind !== 'pgvector') await vectors.write(target, ids, embeddings)
      await setProgress(doc.id, 0.3 + 0.65 * Math.min(1, (from + BATCH) / chunks.length))
    }
    const replaced = await asService(async (tx) => {
      await tx.query(sql`
        insert into document_texts (document_id, workspace_id, generation, content, tables)
        values (${doc.id}, ${doc.workspace_id}, ${doc.generation}, ${text}, ${JSON.stringify(extracted.tables)}::jsonb)
        on conflict (document_id) do update set generation = excluded.generation, content = excluded.content, tables = excluded.tables`)
      const published = await publishGeneration(tx, doc.workspace_id, doc.id, doc.generation)
      await tx.query(sql`
        update documents set status = 'ready', progress = 1, title = ${title}, language = ${extracted.language},
               pages = ${extracted.pages}, char_count = ${text.length}, processed_at = now()
         where id = ${doc.id}`)
      return published.replaced
    })
    if (replaced !== null) await vectors.dropGeneration({ workspaceId: doc.workspace_id, documentId: doc.id, generation: replaced })
  } catch (error) {
    const reason = error instanceof DocumentError ? error.reason : 'internal'
    if (!(error instanceof DocumentError)) console.error(`[documents] processing ${doc.id} failed: ${(error as Error).message}`)
    // What this run wrote is invisible to search (not the searchable generation); removing it
    // is best effort, and the next run of this document removes it in any case.
    if (doc.searchable_generation !== doc.generation) {
      await dropUnpublished(doc).catch((cleanup) => console.error(`[documents] cleaning up ${doc.id} failed: ${(cleanup as Error).message}`))
    }
    await asService(async (tx) => {
      await tx.query(sql`
        update documents set status = 'failed', progress = 0, error_reason = ${reason}, error_detail = ${(error as Error).message.slice(0, 500)}, processed_at = now()
         where id = ${doc.id}`)
    })
  }
}

/** Removes what an unfinished run of this generation wrote, in Postgres and in the vector store. */
async function dropUnpublished(doc: { workspace_id: string; id: string; generation: number }): Promise<void> {
  await asService((tx) => dropGeneration(tx, doc.workspace_id, doc.id, doc.generation))
  await vectorStore().dropGeneration({ workspaceId: doc.workspace_id, documentId: doc.id, generation: doc.generation })
}

/** Processes queued documents one at a time until none is left. */
export async function processQueue(): Promise<number> {
  let processed = 0
  for (let doc = await claim(); doc; doc = await claim()) {
    await processDocument(doc)
    processed++
  }
  return processed
}

const state = globalThis as typeof globalThis & { monitoraQueue?: { running: Promise<void> | null; again: boolean } }
const queue = (state.monitoraQueue ??= { running: null, again: false })

/** Starts processing in the background (once per process); resolves when the queue is empty. */
export function kickQueue(): Promise<void> {
  if (queue.running) {
    queue.again = true
    return queue.running
  }
  queue.running = inBackground(async () => {
    try {
      let processed = 0
      do {
        queue.again = false
        processed += await processQueue()
      } while (queue.again)
      // PGlite has no autovacuum: without fresh statistics the planner misjudges the search queries.
      if (processed && config().database.kind === 'pglite') await (await database()).exec('analyze documents, chunks, postings, terms, workspace_stats')
    } catch (error) {
      console.error('[documents] the processing queue stopped:', error)
    } finally {
      queue.running = null
    }
  })
  return queue.running
}

/**
 * Work that stopped under way (a restart, or a serverless instance that ended) is queued
 * again from its start once it has made no progress for `idleSeconds`.
 */
export async function requeueInterrupted(idleSeconds: number): Promise<number> {
  const stuck = await asService(async (tx) => {
    const rows = await tx.query<{ id: string; workspace_id: string; generation: number; searchable_generation: number | null }>(sql`
      update documents set status = 'queued', progress = 0
       where status = 'processing' and updated_at <= now() - make_interval(secs => ${idleSeconds})
      returning id, workspace_id, generation, searchable_generation`)
    return rows
  })
  for (const doc of stuck) if (doc.searchable_generation !== doc.generation) await dropUnpublished(doc)
  return stuck.length
}
