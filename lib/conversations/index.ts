import type { z } from 'zod'
import { ApiError, notFound } from '../api/errors'
import { keyset, type Page, type PageQuery } from '../api/pagination'
import { asIdentity, sql, type Identity, type Queryable, type Sql } from '../db'
import { atLeast, requireRole, type Role } from '../workspaces/access'
import type { Citation, Conversation, Message, Snippet, conversationCreateSchema, conversationFilters, conversationPatchSchema, feedbackSchema } from './schemas'

/** Conversations and messages: who may see what is decided here and, again, by row-level security. */

interface ConversationRow {
  id: string
  workspace_id: string
  title: string
  folder: string | null
  favorite: boolean
  tags: string[]
  channel: Conversation['channel']
  message_count: number
  created_at: Date
  updated_at: Date
  last_message_at: Date
  snippet?: Snippet | null
}

const conversationColumns = sql`c.id, c.workspace_id, c.title, c.folder, c.favorite, c.tags, c.channel, c.created_at, c.updated_at, c.last_message_at,
  (select count(*)::int from messages m where m.conversation_id = c.id) as message_count`

const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  workspaceId: row.workspace_id,
  title: row.title,
  folder: row.folder,
  favorite: row.favorite,
  tags: row.tags,
  channel: row.channel,
  messageCount: row.message_count,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  lastMessageAt: row.last_message_at.toISOString(),
  snippet: row.snippet ?? null,
})

/**
 * A highlighted fragment as plain text with the offsets of its matches. The markers come from
 * ts_headline; Markdown marks (quotes, headings, bullets, bold, code) and line breaks are flattened first.
 */
export function toSnippet(marked: string): Snippet {
  const flat = marked
    .replace(/^\s*(?:>\s?|#{1,6}\s+|[-*+]\s+)/gm, '')
    .replace(/\*\*|__|`+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  let text = ''
  const matches: [number, number][] = []
  for (const piece of flat.split(/(⟦[^⟦⟧]*⟧)/)) {
    if (piece.startsWith('⟦') && piece.endsWith('⟧')) {
      matches.push([text.length, text.length + piece.length - 2])
      text += piece.slice(1, -1)
    } else text += piece
  }
  return { text, matches }
}

/**
 * People list their own conversations, and admins also those of the widget or the API when they
 * ask for that channel; a secret key (the API, an admin) lists all of the workspace's.
 */
function listScope(identity: Identity, role: Role, channel?: Conversation['channel']): Sql {
  if (identity.kind === 'visitor') return sql`c.visitor_id = ${identity.visitorId}`
  if (identity.kind === 'key') return sql`true`
  if (!channel || channel === 'dashboard') return sql`c.user_id = ${identity.userId}`
  if (!atLeast(role, 'admin')) throw new ApiError('forbidden:conversation', 'Only admins of the workspace see the conversations of the widget and of the API.')
  return sql`true`
}

/** Words of a search box as a prefix query: "rembours polit" finds "remboursement" and "politique". */
export function prefixQuery(text: string): string | null {
  const words = (text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8)
  return words.length ? words.map((word) => `${word.toLowerCase()}:*`).join(' & ') : null
}

export async function listConversations(identity: Identity, workspaceId: string, page: PageQuery, filters: z.infer<typeof conversationFilters>): Promise<Page<Conversation>> {
  return asIdentity(identity, async (tx) => {
    const role = await requireRole(tx, identity, workspaceId, 'viewer')
    const pager = keyset(page, { createdAt: sql`c.last_message_at`, id: sql`c.id` })
    const query = filters.q ? prefixQuery(filters.q) : null
    const conditions = [sql`c.workspace_id = ${workspaceId}`, listScope(identity, role, filters.channel), pager.where]
    if (filters.channel) conditions.push(sql`c.channel = ${filters.channel}`)
    if (filters.folder) conditions.push(sql`c.folder = ${filters.folder}`)
    if (filters.favorite !== undefined) conditions.push(sql`c.favorite = ${filters.favorite}`)
    if (filters.tag) conditions.push(sql`c.tags @> array[${filters.tag}]::text[]`)
    if (filters.q && !query) return { items: [], nextCursor: null }
    if (query) {
      conditions.push(sql`c.search_tsv @@ to_tsquery('public.simple_unaccent', ${query})`)
    }
    const rows = await tx.query<ConversationRow & { cursorAt: string }>(sql`
      select ${conversationColumns}, ${pager.cursor}
        from conversations c
       where ${sql.join(conditions, ' and ')}
       order by ${pager.order}
       limit ${pager.fetch}`)
    if (query && rows.length) {
      // Snippets for the page only: the latest matching message, else the title.
      const snippets = await tx.query<{ id: string; snippet: string }>(sql`
        select c.id, coalesce(
          (select ts_headline('public.simple_unaccent', left(m.content, 4000), to_tsquery('public.simple_unaccent', ${query}),
                              'StartSel=⟦, StopSel=⟧, MaxWords=24, MinWords=10, MaxFragments=1, FragmentDelimiter=" … "')
             from messages m
            where m.conversation_id = c.id and to_tsvector('public.simple_unaccent', left(m.content, 4000)) @@ to_tsquery('public.simple_unaccent', ${query})
            order by m.seq desc limit 1),
          ts_headline('public.simple_unaccent', c.title, to_tsquery('public.simple_unaccent', ${query}), 'StartSel=⟦, StopSel=⟧')) as snippet
          from conversations c
         where c.workspace_id = ${workspaceId} and c.id = any(${rows.map((row) => row.id)}::uuid[])`)
      const byId = new Map(snippets.map((row) => [row.id, toSnippet(row.snippet)]))
      for (const row of rows) row.snippet = byId.get(row.id) ?? null
    }
    return pager.toPage(rows, toConversation)
  })
}

export async function conversationFacets(identity: Identity, workspaceId: string) {
  return asIdentity(identity, async (tx) => {
    const scope = listScope(identity, await requireRole(tx, identity, workspaceId, 'viewer'))
    const folders = await tx.query<{ name: string; count: number }>(sql`
      select c.folder as name, count(*)::int as count from conversations c
       where c.workspace_id = ${workspaceId} and ${scope} and c.folder is not null
       group by c.folder order by lower(c.folder)`)
    const tags = await tx.query<{ name: string; count: number }>(sql`
      select t.name, count(*)::int as count from conversations c cross join lateral unnest(c.tags) as t(name)
       where c.workspace_id = ${workspaceId} and ${scope}
       group by t.name order by count(*) desc, t.name limit 100`)
    return { folders, tags }
  })
}

const uniqueTags = (tags: string[]) => [...new Map(tags.map((tag) => [tag.toLowerCase(), tag])).values()]

export async function createConversation(identity: Identity, workspaceId: string, input: z.infer<typeof conversationCreateSchema>): Promise<Conversation> {
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'viewer')
    const id = await insertConversation(tx, identity, workspaceId, input.title ?? '', input.title ? 'user' : 'auto')
    if (input.folder || input.tags) {
      await tx.query(sql`update conversations set folder = ${input.folder ?? null}, tags = ${uniqueTags(input.tags ?? [])}::text[] where id = ${id}`)
    }
    return readConversation(tx, id)
  })
}

/** A new conversation; `lockedForMs` takes its answer lock, `id` is one chosen ahead. */
export async function insertConversation(
  tx: Queryable,
  identity: Identity,
  workspaceId: string,
  title: string,
  titleSource: 'auto' | 'user',
  options: { lockedForMs?: number; id?: string } = {},
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(sql`
    insert into conversations (id, workspace_id, user_id, channel, visitor_id, title, title_source, busy_until)
    values (${options.id ?? sql`gen_random_uuid()`}, ${workspaceId}, ${identity.kind === 'user' ? identity.userId : null}, ${channelOf(identity)},
            ${identity.kind === 'visitor' ? identity.visitorId : null}, ${title}, ${titleSource},
            ${options.lockedForMs === undefined ? null : sql`now() + make_interval(secs => ${options.lockedForMs / 1000})`})
    returning id`)
  return row.id
}

const channelOf = (identity: Identity): Conversation['channel'] => (identity.kind === 'user' ? 'dashboard' : identity.kind === 'visitor' ? 'widget' : 'api')

async function readConversation(tx: Queryable, id: string): Promise<Conversation> {
  const [row] = await tx.query<ConversationRow>(sql`select ${conversationColumns} from conversations c where c.id = ${id}`)
  if (!row) throw notFound('conversation', 'This conversation')
  return toConversation(row)
}

/** Is this conversation the caller's own? A person's, a widget visitor's, or for a secret key one started through the API. */
function isMine(identity: Identity, author: { user_id: string | null; visitor_id: string | null }): boolean {
  if (identity.kind === 'user') return author.user_id === identity.userId
  if (identity.kind === 'visitor') return author.visitor_id === identity.visitorId
  return author.user_id === null && author.visitor_id === null
}

/** Continuing, rating or organising a conversation is for its author; admins may only read and delete others'. */
export function requireMine(target: { mine: boolean }): void {
  if (!target.mine) throw new ApiError('forbidden:conversation', 'Only the person who started this conversation can continue, rate or organise it.')
}

/**
 * A conversation the caller may see (row-level security decides: its author, or an admin of
 * its workspace), with its workspace, or 404. A key only reaches its own workspace.
 */
export async function findConversation(tx: Queryable, identity: Identity, id: string) {
  const [row] = await tx.query<{ id: string; workspace_id: string; title_source: 'auto' | 'user'; title: string; user_id: string | null; visitor_id: string | null }>(
    sql`select id, workspace_id, title_source, title, user_id, visitor_id from conversations where id = ${id}`,
  )
  if (!row || (identity.kind !== 'user' && row.workspace_id !== identity.workspaceId)) throw notFound('conversation', 'This conversation')
  return { id: row.id, workspaceId: row.workspace_id, titleSource: row.title_source, title: row.title, mine: isMine(identity, row) }
}

export async function getConversation(identity: Identity, id: string): Promise<Conversation> {
  return asIdentity(identity, async (tx) => readConversation(tx, (await findConversation(tx, identity, id)).id))
}

export async function updateConversation(identity: Identity, id: string, patch: z.infer<typeof conversationPatchSchema>): Promise<Conversation> {
  return asIdentity(identity, async (tx) => {
    requireMine(await findConversation(tx, identity, id))
    const sets: Sql[] = []
    if (patch.title !== undefined) sets.push(sql`title = ${patch.title}, title_source = 'user'`)
    if (patch.folder !== undefined) sets.push(sql`folder = ${patch.folder}`)
    if (patch.favorite !== undefined) sets.push(sql`favorite = ${patch.favorite}`)
    if (patch.tags !== undefined) sets.push(sql`tags = ${uniqueTags(patch.tags)}::text[]`)
    await tx.query(sql`update conversations set ${sql.join(sets)} where id = ${id}`)
    return readConversation(tx, id)
  })
}

export async function deleteConversation(identity: Identity, id: string): Promise<void> {
  await asIdentity(identity, async (tx) => {
    await findConversation(tx, identity, id)
    await tx.query(sql`delete from conversations where id = ${id}`)
  })
}

interface MessageRow {
  id: string
  conversation_id: string
  seq: number
  role: Message['role']
  parts: Message['parts']
  content: string
  citations: Citation[]
  status: Message['status']
  error_code: string | null
  model: string | null
  input_tokens: number | null
  output_tokens: number | null
  ttft_ms: number | null
  total_ms: number | null
  unanswered: boolean
  candidate: boolean
  feedback: number | null
  feedback_comment: string | null
  reply_to: string | null
  created_at: Date
}

export const messageColumns = sql`id, conversation_id, seq, role, parts, content, citations, status, error_code, model, input_tokens, output_tokens,
  ttft_ms, total_ms, unanswered, candidate, feedback, feedback_comment, reply_to, created_at`

export const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  conversationId: row.conversation_id,
  role: row.role,
  parts: row.parts,
  text: row.content,
  citations: row.citations,
  status: row.status,
  errorCode: row.error_code,
  model: row.model,
  usage: row.role === 'assistant' && (row.input_tokens !== null || row.output_tokens !== null) ? { inputTokens: row.input_tokens, outputTokens: row.output_tokens } : null,
  ttftMs: row.ttft_ms,
  totalMs: row.total_ms,
  unanswered: row.unanswered,
  candidate: row.candidate,
  feedback: row.feedback ? { rating: row.feedback > 0 ? 'up' : 'down', comment: row.feedback_comment } : null,
  replyTo: row.reply_to,
  createdAt: row.created_at.toISOString(),
})

export async function readMessage(tx: Queryable, id: string): Promise<Message> {
  const [row] = await tx.query<MessageRow>(sql`select ${messageColumns} from messages where id = ${id}`)
  if (!row) throw notFound('message', 'This message')
  return toMessage(row)
}

function decodeSeq(cursor: string): number {
  const seq = Number(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!Number.isSafeInteger(seq) || seq < 0) throw new ApiError('bad_request:api', 'The cursor is not valid: pass back the nextCursor of a previous page.')
  return seq
}

/** A conversation's messages, oldest first. */
export async function listMessages(identity: Identity, conversationId: string, page: PageQuery): Promise<Page<Message>> {
  const after = page.cursor ? decodeSeq(page.cursor) : 0
  return asIdentity(identity, async (tx) => {
    await findConversation(tx, identity, conversationId)
    const rows = await tx.query<MessageRow>(sql`
      select ${messageColumns} from messages where conversation_id = ${conversationId} and seq > ${after} order by seq limit ${page.limit + 1}`)
    const more = rows.length > page.limit
    const kept = more ? rows.slice(0, page.limit) : rows
    return { items: kept.map(toMessage), nextCursor: more ? Buffer.from(String(kept.at(-1)!.seq)).toString('base64url') : null }
  })
}

/** A message the caller may see, with its conversation, or 404. */
export async function findMessage(tx: Queryable, identity: Identity, id: string) {
  const [row] = await tx.query<{ id: string; conversation_id: string; workspace_id: string; role: Message['role']; reply_to: string | null; seq: number; candidate: boolean; user_id: string | null; visitor_id: string | null }>(
    sql`select m.id, m.conversation_id, m.workspace_id, m.role, m.reply_to, m.seq, m.candidate, m.user_id, c.visitor_id
          from messages m join conversations c on c.id = m.conversation_id where m.id = ${id}`,
  )
  if (!row || (identity.kind !== 'user' && row.workspace_id !== identity.workspaceId)) throw notFound('message', 'This message')
  return {
    id: row.id,
    conversationId: row.conversation_id,
    workspaceId: row.workspace_id,
    role: row.role,
    replyTo: row.reply_to,
    seq: Number(row.seq),
    candidate: row.candidate,
    mine: isMine(identity, row),
  }
}

/** 409 while an answer is being written in the conversation (its lock is held). */
export async function requireIdle(tx: Queryable, conversationId: string): Promise<void> {
  const [busy] = await tx.query<{ busy: boolean }>(sql`select busy_until > now() as busy from conversations where id = ${conversationId}`)
  if (busy?.busy) throw new ApiError('conflict:chat', 'An answer is being written in this conversation: wait for it to finish, or stop it, then try again.')
}

export async function deleteMessage(identity: Identity, id: string): Promise<void> {
  await asIdentity(identity, async (tx) => {
    const message = await findMessage(tx, identity, id)
    await requireIdle(tx, message.conversationId)
    await tx.query(sql`delete from messages where id = ${id}`)
  })
}

export async function setFeedback(identity: Identity, id: string, input: z.infer<typeof feedbackSchema>): Promise<Message> {
  return asIdentity(identity, async (tx) => {
    const message = await findMessage(tx, identity, id)
    requireMine(message)
    if (message.role !== 'assistant') throw new ApiError('bad_request:message', 'Feedback is given on answers, not on questions.')
    const rating = input.rating === null ? null : input.rating === 'up' ? 1 : -1
    await tx.query(sql`
      update messages set feedback = ${rating}, feedback_comment = ${rating === null ? null : input.comment || null}, feedback_at = ${rating === null ? null : sql`now()`}
       where id = ${id}`)
    return readMessage(tx, id)
  })
}
