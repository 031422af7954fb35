import { sql, type Queryable } from '../db'
import { searchConfig, type Language } from '../documents/language'
import { questionKeywords, questionLanguage } from './query'

export interface Ranked {
  chunkId: number
  score: number
}

/** BM25 term-frequency saturation and length normalisation (the usual values). */
const K1 = 1.2
const B = 0.75
/** BM25's weight of a term frequency, given the length relative to the average (SQL expressions). */
const saturation = (tf: string, relativeLength: string) =>
  sql.raw(`${tf}::float8 * ${K1 + 1}::float8 / (${tf}::float8 + ${K1}::float8 * (${1 - B}::float8 + ${B}::float8 * ${relativeLength}))`)
/** Weight of the BM25 score of a passage's whole document, added to the passage's own score. */
const DOCUMENT_WEIGHT = 0.2
/** The best passages whose documents are scored as a whole before the final ranking. */
const CANDIDATES = 100
/**
 * Postings read per term, those that mark their chunk most strongly first. Only a term found in
 * more chunks than this is cut, and such a common word adds little to a score: the few
 * passages it would have raised are mostly found through the question's rarer words.
 */
export const POSTINGS_PER_TERM = 1000

/**
 * BM25 over the stemmed, accent-folded terms of the workspace's searchable chunks, plus a
 * share of the BM25 of each candidate passage's whole document. The question is stemmed with
 * its own language; a word unknown to the workspace is replaced by its closest known spelling
 * (app.closest_terms), weighted by their trigram similarity.
 *
 * Term statistics (N, df, average length) come from the vocabulary and the workspace totals,
 * kept when documents are published: they cover the searchable generation of every document,
 * excluded ones included; excluded documents never rank.
 */
export async function lexicalSearch(tx: Queryable, workspaceId: string, question: string, limit: number, fallback: Language, postingsPerTerm = POSTINGS_PER_TERM): Promise<Ranked[]> {
  const language = questionLanguage(question, fallback)
  // Every step is materialized: the planner often has no statistics for these tables (an
  // embedded database is never analysed) and would otherwise re-run a step once per row.
  const rows = await tx.query<{ chunk_id: number; score: number }>(sql`
    with words as materialized (
      select distinct lexeme as term from unnest(to_tsvector(${searchConfig(language)}::regconfig, ${questionKeywords(question, language)}))
    ), unknown as materialized (
      select w.term from words w
       where char_length(w.term) >= 4 and w.term !~ '[0-9]'
         and not exists (select 1 from terms t where t.workspace_id = ${workspaceId} and t.term = w.term and t.chunks > 0)
    ), fixes as materialized (
      select term, similarity::float8 as w from app.closest_terms(${workspaceId}, array(select term from unknown))
    ), query_terms as materialized (
      select term, max(w) as w from (select term, 1.0::float8 as w from words union all select term, w from fixes) x group by term
    ), st as materialized (
      select chunk_count::float8 as n, term_total::float8 / greatest(chunk_count, 1) as avgdl, term_total::float8 as total, document_count::float8 as documents
        from workspace_stats where workspace_id = ${workspaceId}
    ), weights as materialized (
      -- Each term's inverse frequency among chunks and among whole documents.
      select q.term,
             q.w * ln(1.0::float8 + (greatest(st.n - t.chunks, 0.0::float8) + 0.5::float8) / (t.chunks + 0.5::float8)) as idf,
             q.w * ln(1.0::float8 + (greatest(st.documents - t.documents, 0.0::float8) + 0.5::float8) / (t.documents + 0.5::float8)) as document_idf
        from query_terms q
        cross join lateral (select t.chunks, t.documents from terms t where t.workspace_id = ${workspaceId} and t.term = q.term and t.chunks > 0 limit 1) t
        cross join st
    ), visible as materialized (
      select id, searchable_generation, term_count from documents where workspace_id = ${workspaceId} and searchable_generation is not null and not excluded
    ), hits as materialized (
      -- One index range of the postings per term (lateral), whatever the planner estimates.
      select w.term, w.idf, w.document_idf, p.chunk_id, p.document_id, p.tf, p.dl
        from weights w
        cross join lateral (
          select p.chunk_id, p.document_id, p.generation, p.tf, p.dl from postings p
           where p.workspace_id = ${workspaceId} and p.term = w.term
           order by p.impact desc limit ${postingsPerTerm}
        ) p
        join visible v on v.id = p.document_id and v.searchable_generation = p.generation
    ), candidates as materialized (
      select h.chunk_id, h.document_id, sum(h.idf * ${saturation('h.tf', 'h.dl / st.avgdl')}) as score
        from hits h cross join st
       group by h.chunk_id, h.document_id
       order by score desc, h.chunk_id
       limit ${Math.max(CANDIDATES, limit)}
    ), document_scores as materialized (
      select t.document_id, sum(t.document_idf * ${saturation('t.tf', 'd.term_count * st.documents / greatest(st.total, 1.0::float8)')}) as score
        from (
          select term, document_id, max(document_idf) as document_idf, sum(tf)::float8 as tf from hits
           where document_id in (select document_id from candidates) group by term, document_id
        ) t
        join visible d on d.id = t.document_id
        cross join st
       group by t.document_id
    )
    select c.chunk_id, c.score + ${DOCUMENT_WEIGHT}::float8 * coalesce(d.score, 0.0::float8) as score
      from candidates c left join document_scores d on d.document_id = c.document_id
     order by score desc, c.chunk_id
     limit ${limit}`)
  return rows.map((row) => ({ chunkId: Number(row.chunk_id), score: row.score }))
}
