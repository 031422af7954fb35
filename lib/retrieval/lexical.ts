import { sql, type Queryable } from '../db'
import { searchConfig, type Language } from '../documents/language'
import { questionKeywords } from './query'

export interface Ranked {
  chunkId: number
  score: number
}

/**
 * Postings read per term, those that mark their chunk most strongly first. Only a term found in
 * more chunks than this is cut, and such a common word adds little to a score: the few
 * passages it would have raised are mostly found through the question's rarer words.
 */
export const POSTINGS_PER_TERM = 1000

/**
 * The workspace's passages ranked by BM25 for a question in `language` (app.lexical_search
 * says how); nothing when the caller may not read the workspace.
 */
export async function lexicalSearch(tx: Queryable, workspaceId: string, question: string, limit: number, language: Language, postingsPerTerm = POSTINGS_PER_TERM): Promise<Ranked[]> {
  const rows = await tx.query<{ chunk_id: number; score: number }>(sql`
    select chunk_id, score from app.lexical_search(${workspaceId}, ${searchConfig(language)}::regconfig, ${questionKeywords(question, language)}, ${limit}, ${postingsPerTerm})`)
  return rows.map((row) => ({ chunkId: Number(row.chunk_id), score: row.score }))
}
