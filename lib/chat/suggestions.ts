import { notFound } from '../api/errors'
import { findConversation } from '../conversations'
import type { Citation } from '../conversations/schemas'
import { asIdentity, asService, sql, type Identity, type Queryable } from '../db'
import { workspaceLanguage } from '../retrieval'
import { requireRole } from '../workspaces/access'
import { answerLanguage, type AnswerLanguage } from './prompt'

/**
 * Questions to offer as chips: starters drawn from the documents' titles and headings
 * (cached per workspace until its documents change), follow-ups drawn from the sections near
 * what the last answer cited. No model is needed, so they work offline too.
 */

const STARTERS = 4
const FOLLOW_UPS = 3

const phrasing = {
  en: { about: (topic: string) => `What does “${topic}” say?`, section: (topic: string) => `What should I know about “${topic}”?`, more: (topic: string) => `And about “${topic}”?` },
  fr: { about: (topic: string) => `Que dit « ${topic} » ?`, section: (topic: string) => `Que faut-il savoir sur « ${topic} » ?`, more: (topic: string) => `Et concernant « ${topic} » ?` },
}

/** A heading worth asking about: words, not a number or a one-letter label. */
const askable = (heading: string) => heading.length >= 4 && heading.length <= 70 && /\p{L}{3}/u.test(heading)

export interface Suggestions {
  kind: 'starter' | 'follow-up'
  questions: string[]
}

export async function suggestions(identity: Identity, workspaceId: string, options: { conversationId?: string; language?: AnswerLanguage } = {}): Promise<Suggestions> {
  const { conversationId, language } = options
  const found = await asIdentity(identity, async (tx): Promise<Suggestions & { cache?: Starters['cache'] }> => {
    await requireRole(tx, identity, workspaceId, 'viewer')
    if (conversationId) {
      const questions = await followUpsIn(tx, identity, workspaceId, conversationId, language)
      if (questions.length) return { kind: 'follow-up', questions }
    }
    const { questions, cache } = await starters(tx, workspaceId, language)
    return { kind: 'starter', questions, cache }
  })
  // Written once the caller's transaction is over: a second transaction inside it would wait
  // for it forever on PGlite, which runs one transaction at a time.
  if (found.cache) {
    const { version, questions } = found.cache
    // Every member may read the suggestions; only the server writes them, for a workspace whose access was just checked.
    await asService((service) =>
      service.query(sql`
        insert into workspace_suggestions (workspace_id, documents_version, questions) values (${workspaceId}, ${version}, ${JSON.stringify(questions)}::jsonb)
        on conflict (workspace_id) do update set documents_version = excluded.documents_version, questions = excluded.questions, updated_at = now()`),
    )
  }
  return { kind: found.kind, questions: found.questions }
}

/** Only the follow-ups of a conversation (none when its last answer cited nothing): no starters to fall back on. */
export function followUps(identity: Identity, workspaceId: string, conversationId: string, language?: AnswerLanguage): Promise<string[]> {
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'viewer')
    return followUpsIn(tx, identity, workspaceId, conversationId, language)
  })
}

async function followUpsIn(tx: Queryable, identity: Identity, workspaceId: string, conversationId: string, language?: AnswerLanguage): Promise<string[]> {
  const conversation = await findConversation(tx, identity, conversationId)
  if (conversation.workspaceId !== workspaceId) throw notFound('conversation', 'This conversation')
  return followUpsOf(tx, workspaceId, conversationId, language)
}

interface Starters {
  questions: string[]
  /** Set when the questions were computed afresh: to be cached for this documents version. */
  cache?: { version: string; questions: string[] }
}

async function starters(tx: Queryable, workspaceId: string, asked?: AnswerLanguage): Promise<Starters> {
  const language: AnswerLanguage = asked ?? ((await workspaceLanguage(tx, workspaceId)) === 'fr' ? 'fr' : 'en')
  const [state] = await tx.query<{ version: string }>(sql`
    select ${language} || ':' || count(*) || ':' || coalesce(max(updated_at)::text, '') as version from documents
     where workspace_id = ${workspaceId} and status = 'ready' and not excluded`)
  const [cached] = await tx.query<{ documents_version: string; questions: string[] }>(
    sql`select documents_version, questions from workspace_suggestions where workspace_id = ${workspaceId}`,
  )
  if (cached?.documents_version === state.version) return { questions: cached.questions }

  const documents = await tx.query<{ id: string; name: string; title: string | null; heading: string | null }>(sql`
    select d.id, d.name, d.title,
           (select h from chunks c cross join lateral unnest(c.heading_path) as h
             where c.workspace_id = d.workspace_id and c.document_id = d.id and c.generation = d.searchable_generation and char_length(h) between 4 and 70
             order by c.ordinal limit 1 offset 1) as heading
      from documents d
     where d.workspace_id = ${workspaceId} and d.status = 'ready' and not d.excluded
     order by d.processed_at desc nulls last limit ${STARTERS}`)
  const questions = documents.map((document) =>
    document.heading && askable(document.heading) ? phrasing[language].section(document.heading) : phrasing[language].about(document.title || document.name.replace(/\.\w+$/, '')),
  )
  return { questions, cache: { version: state.version, questions } }
}

async function followUpsOf(tx: Queryable, workspaceId: string, conversationId: string, wanted?: AnswerLanguage): Promise<string[]> {
  const [last] = await tx.query<{ citations: Citation[]; question: string | null }>(sql`
    select a.citations, q.content as question from messages a left join messages q on q.id = a.reply_to
     where a.conversation_id = ${conversationId} and a.role = 'assistant' and a.status = 'complete' and not a.unanswered
     order by a.seq desc limit 1`)
  if (!last?.citations.length) return []
  const asked = await tx.query<{ content: string }>(sql`select content from messages where conversation_id = ${conversationId} and role = 'user'`)
  const askedText = asked.map((row) => row.content.toLowerCase()).join('\n')
  const cited = new Set(last.citations.flatMap((citation) => citation.headingPath))
  const language: AnswerLanguage = wanted ?? answerLanguage(last.question ?? '', await workspaceLanguage(tx, workspaceId))
  // The other sections of the cited documents, nearest to the cited passages first.
  const rows = await tx.query<{ heading: string }>(sql`
    with cited as (
      select c.document_id, c.ordinal from chunks c where c.workspace_id = ${workspaceId} and c.id = any(${last.citations.map((citation) => citation.chunkId)}::bigint[])
    )
    select h as heading, min(abs(c.ordinal - cited.ordinal)) as distance
      from cited join documents d on d.id = cited.document_id and d.workspace_id = ${workspaceId}
      join chunks c on c.workspace_id = ${workspaceId} and c.document_id = cited.document_id and c.generation = d.searchable_generation
      cross join lateral unnest(c.heading_path) as h
     where not d.excluded
     group by h order by distance, h limit 40`)
  return rows
    .map((row) => row.heading)
    .filter((heading) => askable(heading) && !cited.has(heading) && !askedText.includes(heading.toLowerCase()))
    .slice(0, FOLLOW_UPS)
    .map(phrasing[language].more)
}
