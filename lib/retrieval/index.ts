import { z } from 'zod'
import { embedder } from '../ai/embeddings'
import { ApiError } from '../api/errors'
import { sql, type Queryable } from '../db'
import type { Language } from '../documents/language'
import { lexicalSearch, type Ranked } from './lexical'
import { questionLanguage } from './query'
import { vectorStore } from './vectors'

export const searchModes = ['lexical', 'vector', 'hybrid'] as const
export type SearchMode = (typeof searchModes)[number]

export const searchResultSchema = z.object({
  chunkId: z.number(),
  documentId: z.uuid(),
  documentName: z.string(),
  text: z.string(),
  score: z.number(),
  page: z.number().nullable(),
  headingPath: z.array(z.string()),
  start: z.number().describe('Where the passage starts in the document text'),
  end: z.number(),
})
export type SearchResult = z.infer<typeof searchResultSchema>

/** The language most of the workspace's documents are in: the guess for a question that does not say. */
export async function workspaceLanguage(tx: Queryable, workspaceId: string): Promise<Language> {
  const [row] = await tx.query<{ language: Language }>(sql`
    select language from documents where workspace_id = ${workspaceId} and status = 'ready' and language is not null
     group by language order by count(*) desc limit 1`)
  return row?.language ?? 'en'
}

/** workspaceLanguage, read only when first asked for (most questions say their language), and once. */
export function documentsLanguage(tx: Queryable, workspaceId: string): () => Promise<Language> {
  let language: Promise<Language> | undefined
  return () => (language ??= workspaceLanguage(tx, workspaceId))
}

async function details(tx: Queryable, workspaceId: string, ranked: Ranked[]): Promise<SearchResult[]> {
  if (!ranked.length) return []
  const rows = await tx.query<{ id: number; document_id: string; name: string; content: string; page: number | null; heading_path: string[]; start_offset: number; end_offset: number }>(sql`
    select id, document_id, name, content, page, heading_path, start_offset, end_offset from app.passages(${workspaceId}, ${ranked.map((r) => r.chunkId)}::bigint[])`)
  const byId = new Map(rows.map((row) => [Number(row.id), row]))
  return ranked.flatMap(({ chunkId, score }) => {
    const row = byId.get(chunkId)
    return row
      ? [{ chunkId, documentId: row.document_id, documentName: row.name, text: row.content, score: Math.round(score * 10_000) / 10_000, page: row.page, headingPath: row.heading_path, start: row.start_offset, end: row.end_offset }]
      : []
  })
}

/** Hybrid when an embedding model is configured, else lexical. */
export const defaultSearchMode = (): SearchMode => (embedder() ? 'hybrid' : 'lexical')

/** Reciprocal rank fusion: each list votes 1 / (k + rank) for its items. */
export function fuse(lists: Ranked[][], limit: number, k = 60): Ranked[] {
  const scores = new Map<number, number>()
  for (const list of lists) list.forEach((item, rank) => scores.set(item.chunkId, (scores.get(item.chunkId) ?? 0) + 1 / (k + rank + 1)))
  return [...scores].map(([chunkId, score]) => ({ chunkId, score })).sort((a, b) => b.score - a.score || a.chunkId - b.chunkId).slice(0, limit)
}

export interface SearchPlan {
  mode: SearchMode
  /** The question's embedding, computed before any transaction (it is a network call). */
  vector: number[] | null
}

/** Decides the mode and embeds the question when the mode needs it. */
export async function planSearch(query: string, mode: SearchMode | undefined): Promise<SearchPlan> {
  const chosen = mode ?? defaultSearchMode()
  if (chosen === 'lexical') return { mode: chosen, vector: null }
  const model = embedder()
  if (!model) throw new ApiError('bad_request:search', 'No embedding model is configured, so only lexical search is available.')
  const [vector] = await model.embed([query])
  return { mode: chosen, vector }
}

/**
 * The passages of a workspace that best answer a question (excluded and unfinished documents
 * never appear), in the question's language, else the documents'.
 */
export async function searchChunks(
  tx: Queryable,
  workspaceId: string,
  query: string,
  plan: SearchPlan,
  limit: number,
  fallback = documentsLanguage(tx, workspaceId),
): Promise<SearchResult[]> {
  const depth = Math.max(limit * 3, 50)
  const lexical = async () => lexicalSearch(tx, workspaceId, query, plan.mode === 'lexical' ? limit : depth, questionLanguage(query) ?? (await fallback()))
  const vector = () => vectorStore().search(tx, workspaceId, plan.vector!, plan.mode === 'vector' ? limit : depth)
  // One connection per transaction: the two rankings run one after the other.
  const ranked =
    plan.mode === 'lexical' ? await lexical() : plan.mode === 'vector' ? await vector() : fuse([await lexical(), await vector()], limit)
  return details(tx, workspaceId, ranked)
}
