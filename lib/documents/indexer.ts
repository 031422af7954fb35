import { sql, type Queryable } from '../db'
import { vectorLiteral, vectorType } from '../retrieval/vectors'
import type { Chunk } from './chunk'
import { searchConfig, type Language } from './language'

/** Separates the parts of a heading path passed as one text parameter. */
const PATH_SEPARATOR = '\u001f'

/** A posting's term frequency (from lexeme `t` of a chunk's tsvector) and chunk length, as stored (smallint). */
const postingTf = sql.raw('least(coalesce(array_length(t.positions, 1), 1), 32767)')
const postingLength = (chunk: 'i' | 'c') => sql.raw(`least(${chunk}.term_count, 32767)`)

export interface IndexTarget {
  workspaceId: string
  documentId: string
  generation: number
  language: Language
  /** Words that belong to every chunk: the document's title. */
  title: string
}

/**
 * Writes a batch of chunks, their postings (term frequencies for BM25) and, when given, their
 * embeddings (pgvector) in one statement; returns the chunk ids in order. The chunks stay
 * invisible to search until their generation is made searchable.
 */
export async function indexChunks(tx: Queryable, target: IndexTarget, chunks: Chunk[], embeddings: number[][] | null): Promise<number[]> {
  if (!chunks.length) return []
  const column = <T>(pick: (chunk: Chunk) => T) => chunks.map(pick)
  const vectors = embeddings ? embeddings.map(vectorLiteral) : chunks.map(() => null)
  const rows = await tx.query<{ id: number }>(sql`
    with input as (
      select * from unnest(
        ${column((c) => c.ordinal)}::int[], ${column((c) => c.text)}::text[], ${column((c) => c.headingPath.join(PATH_SEPARATOR))}::text[],
        ${column((c) => c.page)}::int[], ${column((c) => c.start)}::int[], ${column((c) => c.end)}::int[], ${column((c) => c.table)}::int[],
        ${vectors}::text[]
      ) as t(ordinal, content, heading, page, start_offset, end_offset, table_index, embedding)
    ), paths as (
      select input.*, string_to_array(nullif(heading, ''), ${PATH_SEPARATOR}) as heading_path from input
    ), analysed as (
      select paths.*, to_tsvector(${searchConfig(target.language)}::regconfig, concat_ws(' ',
               case when heading_path[1] = ${target.title}::text then null else ${target.title}::text end,
               array_to_string(heading_path, ' '), content)) as tsv
        from paths
    ), inserted as (
      insert into chunks (workspace_id, document_id, generation, ordinal, content, heading_path, page, start_offset, end_offset, table_index, tsv, term_count, embedding)
      select ${target.workspaceId}, ${target.documentId}, ${target.generation}, ordinal, content, coalesce(heading_path, '{}'), page, start_offset, end_offset, table_index, tsv,
             (select coalesce(sum(coalesce(array_length(positions, 1), 1)), 0) from unnest(tsv)), embedding::${vectorType}
        from analysed
      returning id, ordinal, tsv, term_count
    ), postings_written as (
      insert into postings (workspace_id, term, chunk_id, document_id, generation, tf, dl)
      select ${target.workspaceId}, t.lexeme, i.id, ${target.documentId}, ${target.generation}, ${postingTf}, ${postingLength('i')}
        from inserted i, unnest(i.tsv) t
    )
    select id from inserted order by ordinal`)
  return rows.map((row) => Number(row.id))
}

/** Removes the chunks and postings of one generation of a document (a failed or replaced one). */
export async function dropGeneration(tx: Queryable, workspaceId: string, documentId: string, generation: number): Promise<void> {
  await tx.query(sql`
    delete from postings p using chunks c, unnest(c.tsv) t
     where c.document_id = ${documentId} and c.generation = ${generation}
       and p.workspace_id = ${workspaceId} and p.term = t.lexeme and p.impact = app.bm25_impact(${postingTf}, ${postingLength('c')}) and p.chunk_id = c.id`)
  await tx.query(sql`delete from chunks where document_id = ${documentId} and generation = ${generation}`)
}

type Totals = { chunks: number; terms: number }

/**
 * Adds one generation of a document to the BM25 statistics (sign 1) or takes it out (-1): the
 * workspace's chunk, term and document totals, then each of its terms' chunk and document
 * counts. The workspace's row goes first, so concurrent publications queue there, before
 * locking any term.
 */
async function weigh(tx: Queryable, workspaceId: string, documentId: string, generation: number, sign: 1 | -1): Promise<Totals> {
  const [totals] = await tx.query<Totals>(sql`
    with totals as (
      select count(*)::int as chunks, coalesce(sum(term_count), 0)::int as terms from chunks where document_id = ${documentId} and generation = ${generation}
    ), counted as (
      insert into workspace_stats (workspace_id, chunk_count, term_total, document_count)
      select ${workspaceId}, ${sign} * chunks, ${sign} * terms, ${sign} from totals
      on conflict (workspace_id) do update set chunk_count = workspace_stats.chunk_count + excluded.chunk_count,
        term_total = workspace_stats.term_total + excluded.term_total, document_count = workspace_stats.document_count + excluded.document_count
    )
    select chunks, terms from totals`)
  await tx.query(sql`
    insert into terms (workspace_id, term, chunks, documents)
    select ${workspaceId}, t.lexeme, ${sign} * count(*), ${sign}
      from chunks c, unnest(c.tsv) t
     where c.document_id = ${documentId} and c.generation = ${generation}
     group by t.lexeme order by t.lexeme
    on conflict (workspace_id, term) do update set chunks = terms.chunks + excluded.chunks, documents = terms.documents + excluded.documents`)
  return totals
}

/**
 * Makes a generation the searchable one, in one transaction: collection statistics move from
 * the old generation to the new, and the old chunks go.
 */
export async function publishGeneration(tx: Queryable, workspaceId: string, documentId: string, generation: number): Promise<{ chunks: number; replaced: number | null }> {
  const [previous] = await tx.query<{ searchable_generation: number | null }>(sql`
    select searchable_generation from documents where id = ${documentId} and workspace_id = ${workspaceId} for update`)
  const added = await weigh(tx, workspaceId, documentId, generation, 1)
  const replaced = previous?.searchable_generation != null && previous.searchable_generation !== generation ? previous.searchable_generation : null
  if (replaced !== null) {
    await weigh(tx, workspaceId, documentId, replaced, -1)
    await dropGeneration(tx, workspaceId, documentId, replaced)
  }
  await tx.query(sql`update documents set searchable_generation = ${generation}, chunk_count = ${added.chunks}, term_count = ${added.terms} where id = ${documentId}`)
  return { chunks: added.chunks, replaced }
}

/** Takes a searchable generation out of the statistics before its document goes. */
export async function unpublish(tx: Queryable, workspaceId: string, documentId: string): Promise<void> {
  const [doc] = await tx.query<{ searchable_generation: number | null }>(sql`select searchable_generation from documents where id = ${documentId}`)
  if (doc?.searchable_generation == null) return
  await weigh(tx, workspaceId, documentId, doc.searchable_generation, -1)
}
