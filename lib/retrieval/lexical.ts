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
/** The least trigram similarity at which a word unknown to the workspace stands for a known one. */
const TYPO_SIMILARITY = 0.4
/** Weight of the BM25 score of a passage's whole document, added to the passage's own score. */
const DOCUMENT_WEIGHT = 0.2
/** The best passages whose documents are scored as a whole before the final ranking. */
const CANDIDATES = 100

/**
 * BM25 over the stemmed, accent-folded terms of the workspace's searchable chunks, plus a
 * share of the BM25 of each candidate passage's whole document. The question is stemmed with
 * its own language; a word unknown to the workspace is replaced by its closest known spelling
 * (trigram similarity), weighted by that similarity.
 *
 * Term statistics (N, df, average length) cover the searchable generation of every document,
 * excluded ones included, as the workspace statistics do; excluded documents never rank.
 */
export async function lexicalSearch(tx: Queryable, workspaceId: string, question: string, limit: number, fallback: Language): Promise<Ranked[]> {
  const language = questionLanguage(question, fallback)
  // Every step is materialized: the planner often has no statistics for these tables (an
  // embedded database is never analysed) and would otherwise re-run a step once per row.
  const rows = await tx.query<{ chunk_id: number; score: number }>(sql`
    with words as materialized (
      select distinct lexeme as term from unnest(to_tsvector(${searchConfig(language)}::regconfig, ${questionKeywords(question, language)}))
    ), unknown as materialized (
      select w.term from words w
       where char_length(w.term) >= 4 and w.term !~ '[0-9]'
         and not exists (select 1 from terms t where t.workspace_id = ${workspaceId} and t.term = w.term)
    ), fixes as materialized (
      select v.term, similarity(v.term, u.term)::float8 as w
        from unknown u
        cross join lateral (
          select t.term from terms t where t.workspace_id = ${workspaceId} and t.term % u.term order by t.term <-> u.term limit 1
        ) v
    ), query_terms as materialized (
      select term, max(w) as w from (select term, 1.0::float8 as w from words union all select term, w from fixes where w >= ${TYPO_SIMILARITY}) x group by term
    ), st as materialized (
      select chunk_count::float8 as n, term_total::float8 / greatest(chunk_count, 1) as avgdl, term_total::float8 as total,
             (select count(*) from documents where workspace_id = ${workspaceId} and searchable_generation is not null)::float8 as documents
        from workspace_stats where workspace_id = ${workspaceId}
    ), hits as materialized (
      -- One index range of the postings per term (lateral), whatever the planner estimates.
      select p.term, p.chunk_id, p.document_id, p.tf, p.dl, p.excluded, q.w, count(*) over (partition by p.term) as df
        from query_terms q
        cross join lateral (
          select p.term, p.chunk_id, p.document_id, p.tf, p.dl, d.excluded
            from postings p join documents d on d.id = p.document_id and d.searchable_generation = p.generation
           where p.workspace_id = ${workspaceId} and p.term = q.term
          offset 0
        ) p
    ), candidates as materialized (
      select h.chunk_id, h.document_id,
             sum(h.w * ln(1.0::float8 + (greatest(st.n - h.df, 0.0::float8) + 0.5::float8) / (h.df + 0.5::float8))
                 * h.tf * ${K1 + 1}::float8 / (h.tf + ${K1}::float8 * (${1 - B}::float8 + ${B}::float8 * h.dl / st.avgdl))) as score
        from hits h cross join st
       where not h.excluded
       group by h.chunk_id, h.document_id
       order by score desc, h.chunk_id
       limit ${Math.max(CANDIDATES, limit)}
    ), lengths as materialized (
      -- Small maps (document → value) rather than joins: the planner would loop over them.
      select coalesce(jsonb_object_agg(d.id, d.term_count::float8), '{}'::jsonb) as len
        from (select distinct document_id from candidates) x
        join documents d on d.id = x.document_id
    ), document_terms as materialized (
      select term, document_id, sum(tf)::float8 as tf, max(w) as w, count(*) over (partition by term) as df
        from hits group by term, document_id
    ), document_scores as materialized (
      select coalesce(jsonb_object_agg(document_id, score), '{}'::jsonb) as score from (
        select t.document_id,
               sum(t.w * ln(1.0::float8 + (greatest(st.documents - t.df, 0.0::float8) + 0.5::float8) / (t.df + 0.5::float8))
                   * t.tf * ${K1 + 1}::float8 / (t.tf + ${K1}::float8 * (${1 - B}::float8 + ${B}::float8 * (l.len ->> t.document_id::text)::float8 * st.documents / greatest(st.total, 1.0::float8)))) as score
          from document_terms t cross join lengths l cross join st
         where l.len ? t.document_id::text
         group by t.document_id
      ) x
    )
    select c.chunk_id, c.score + ${DOCUMENT_WEIGHT}::float8 * coalesce((d.score ->> c.document_id::text)::float8, 0.0::float8) as score
      from candidates c cross join document_scores d
     order by score desc, c.chunk_id
     limit ${limit}`)
  return rows.map((row) => ({ chunkId: Number(row.chunk_id), score: row.score }))
}
