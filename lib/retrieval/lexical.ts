import { sql, type Queryable } from '../db'
import { searchConfig, type Language } from '../documents/language'
import { questionKeywords, questionLanguage } from './query'

export interface Ranked {
  chunkId: number
  score: number
}

const K1 = 1.2
const B = 0.75
const TYPO_SIMILARITY = 0.4

/**
 * BM25 over the stemmed, accent-folded terms of the workspace's searchable chunks. The
 * question is stemmed with its own language; a word unknown to the workspace is replaced by
 * its closest known spelling (trigram similarity), weighted by that similarity.
 */
export async function lexicalSearch(tx: Queryable, workspaceId: string, question: string, limit: number, fallback: Language): Promise<Ranked[]> {
  const language = questionLanguage(question, fallback)
  const rows = await tx.query<{ chunk_id: number; score: number }>(sql`
    with words as (
      select distinct lexeme as term from unnest(to_tsvector(${searchConfig(language)}::regconfig, ${questionKeywords(question, language)}))
    ), fixes as (
      select v.term, similarity(v.term, w.term)::float8 as w
        from words w
        cross join lateral (
          select t.term from terms t where t.workspace_id = ${workspaceId} and t.term % w.term order by t.term <-> w.term limit 1
        ) v
       where char_length(w.term) >= 4 and w.term !~ '[0-9]'
         and not exists (select 1 from terms t where t.workspace_id = ${workspaceId} and t.term = w.term)
    ), query_terms as (
      select term, max(w) as w from (select term, 1.0::float8 as w from words union all select term, w from fixes where w >= ${TYPO_SIMILARITY}) x group by term
    ), st as (
      select chunk_count::float8 as n, term_total::float8 / greatest(chunk_count, 1) as avgdl from workspace_stats where workspace_id = ${workspaceId}
    ), weighted as (
      select q.term, q.w * ln(1.0::float8 + (greatest(st.n - d.df, 0.0::float8) + 0.5::float8) / (d.df + 0.5::float8)) as idfw
        from query_terms q cross join st
        cross join lateral (select count(*)::float8 as df from postings p where p.workspace_id = ${workspaceId} and p.term = q.term) d
       where d.df > 0
    ), visible as (
      select id, searchable_generation as generation from documents
       where workspace_id = ${workspaceId} and searchable_generation is not null and not excluded
    )
    select p.chunk_id, sum(q.idfw * p.tf * ${K1 + 1}::float8 / (p.tf + ${K1}::float8 * (${1 - B}::float8 + ${B}::float8 * p.dl / st.avgdl))) as score
      from weighted q
      join postings p on p.workspace_id = ${workspaceId} and p.term = q.term
      join visible v on v.id = p.document_id and v.generation = p.generation
      cross join st
     group by p.chunk_id
     order by score desc, p.chunk_id
     limit ${limit}`)
  return rows.map((row) => ({ chunkId: Number(row.chunk_id), score: row.score }))
}
