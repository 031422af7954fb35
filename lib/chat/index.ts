import { createUIMessageStreamResponse, readUIMessageStream, type UIMessageChunk } from 'ai'
import { chooseModel, type ModelInfo } from '../ai/models'
import { ApiError, notFound } from '../api/errors'
import { config } from '../config'
import { findConversation, findMessage, insertConversation, readMessage, requireIdle, requireMine } from '../conversations'
import type { Citation, Message } from '../conversations/schemas'
import { asIdentity, asService, sql, type Identity, type Queryable } from '../db'
import { artifactsInConversation } from '../artifacts/tools'
import { documentsLanguage, planSearch, searchChunks, type SearchPlan } from '../retrieval'
import { questionLanguage } from '../retrieval/query'
import { knownRole, requireAtLeast, requireRole, workspaceNotFound } from '../workspaces/access'
import { answerStream, type AnswerJob, type Generation } from './answer'
import { compareStream } from './compare'
import { producedStream } from './stream'
import { answerLanguage, searchQuestion, titleFrom, type Turn } from './prompt'

/** Asking a question and regenerating an answer: everything before the model's first token. */

export const SOURCES_PER_ANSWER = 8
const HISTORY_MESSAGES = 40

export interface ChatInput {
  conversationId?: string
  message: { id?: string; text: string }
  model?: string
  editOf?: string
  /** Turns a stateless client (lib/compat) had before this question: recorded at the start of a new conversation. */
  history?: Turn[]
  generation?: Generation
}

interface Workspace {
  name: string
  systemPrompt: string
  model: string | null
  temperature: number
}

/** The workspace's chat settings, as the caller sees them: none when its membership ended since its role was checked. */
async function readSettings(tx: Queryable, workspaceId: string): Promise<Workspace> {
  const [row] = await tx.query<{ name: string; system_prompt: string; model: string | null; temperature: number }>(
    sql`select name, system_prompt, model, temperature from workspaces where id = ${workspaceId}`,
  )
  if (!row) throw workspaceNotFound()
  return { name: row.name, systemPrompt: row.system_prompt, model: row.model, temperature: Number(row.temperature) }
}

/** Takes the conversation's answer lock; it expires on its own should the server die mid-answer. */
async function lockConversation(tx: Queryable, conversationId: string): Promise<void> {
  const rows = await tx.query(sql`
    update conversations set busy_until = now() + make_interval(secs => ${lockSeconds()})
     where id = ${conversationId} and (busy_until is null or busy_until < now()) returning id`)
  if (!rows.length) throw new ApiError('conflict:chat', 'An answer is already being written in this conversation: wait for it to finish, or stop it, then send again.')
}

const lockSeconds = () => Math.max(600, (config().chatTimeoutMs / 1000) * 4)

async function historyBefore(tx: Queryable, conversationId: string, seq: number): Promise<Turn[]> {
  const rows = await tx.query<{ role: Turn['role']; content: string }>(sql`
    select role, content from messages
     where conversation_id = ${conversationId} and seq < ${seq} and status in ('complete', 'interrupted') and content <> '' and not candidate
     order by seq desc limit ${HISTORY_MESSAGES}`)
  return rows.reverse().map((row) => ({ role: row.role, text: row.content }))
}

/** The rows of the answers about to stream: one, or one per compared model. */
async function insertAnswers(tx: Queryable, workspaceId: string, conversationId: string, questionId: string, answers: Answer[]): Promise<void> {
  for (const answer of answers) {
    await tx.query(sql`
      insert into messages (id, workspace_id, conversation_id, role, reply_to, status, model, candidate)
      values (${answer.answerId}, ${workspaceId}, ${conversationId}, 'assistant', ${questionId}, 'streaming', ${answer.model.id}, ${answers.length > 1})`)
  }
}

interface Answer {
  answerId: string
  model: ModelInfo
}

type Prepared = Omit<AnswerJob, 'language' | 'searchQuery' | 'citations' | 'canvas' | 'answerId' | 'model'> & { answers: Answer[] }

/**
 * A question that passed every check, so its stream can start: the ids it opens with are
 * chosen ahead, and `save` writes it when the stream has started (its first bytes wait for
 * no write). A failed save writes nothing; `run` then unlocks the conversation (taken by the
 * checks when the question continues one).
 */
interface Admission {
  workspaceId: string
  conversationId: string
  questionId: string
  answerIds: string[]
  save: () => Promise<Prepared>
}

/** The answers' rows to write: the ids the stream announced, each with its model. */
const answersOf = (answerIds: string[], models: ModelInfo[]): Answer[] => models.map((model, i) => ({ answerId: answerIds[i], model }))

/**
 * A new question, checked before any byte (each refusal a 4xx): in one short transaction that
 * locks the conversation when it continues one, or with no statement at all when it starts one
 * and the caller's role was read a moment ago. Saved, with its answers' rows and under the
 * caller's row-level security, by the admission's `save`.
 */
async function admitQuestion(identity: Identity, workspaceId: string, input: ChatInput, startedAt: number, compared: string[] = []): Promise<Admission> {
  if (input.message.id) await requireUnusedId(input.message.id)
  /** The conversation the question goes to, and the question it replaces (checked to be its last). */
  let conversation: { id: string; isNew: boolean; autoTitle: string | null; editOf?: string } = { id: crypto.randomUUID(), isNew: true, autoTitle: titleFrom(input.message.text) }
  const role = input.conversationId ? undefined : knownRole(identity, workspaceId)
  if (role !== undefined) requireAtLeast(identity, workspaceId, role, 'viewer')
  else {
    conversation = await asIdentity(identity, async (tx) => {
      await requireRole(tx, identity, workspaceId, 'viewer')
      if (!input.conversationId) return conversation
      const found = await findConversation(tx, identity, input.conversationId)
      if (found.workspaceId !== workspaceId) throw notFound('conversation', 'This conversation')
      requireMine(found)
      await lockConversation(tx, found.id)
      if (input.editOf) await requireLastQuestion(tx, identity, found.id, input.editOf)
      // A conversation started empty (POST /conversations without a title) is titled by its first question.
      return { id: found.id, isNew: false, autoTitle: found.titleSource === 'auto' && !found.title ? titleFrom(input.message.text) : null, editOf: input.editOf }
    })
  }
  const answerIds = Array.from({ length: compared.length || 1 }, () => crypto.randomUUID())
  const questionId = input.message.id ?? crypto.randomUUID()
  const save = () =>
    asIdentity(identity, async (tx): Promise<Prepared> => {
      const conversationId = conversation.id
      const workspace = await readSettings(tx, workspaceId)
      const answers = answersOf(answerIds, compared.length ? compared.map((id) => chooseModel(id, null)) : [chooseModel(input.model, workspace.model)])
      if (conversation.isNew) await insertConversation(tx, identity, workspaceId, conversation.autoTitle!, 'auto', { id: conversationId, lockedForMs: lockSeconds() * 1000 })
      else await tx.query(sql`update conversations set last_message_at = now(), title = coalesce(${conversation.autoTitle}, title) where id = ${conversationId}`)
      if (conversation.editOf) await tx.query(sql`delete from messages where id = ${conversation.editOf}`)
      if (input.history?.length && conversation.isNew) await recordHistory(tx, workspaceId, conversationId, input.history)
      // Grouping the question for analytics waits for its answer's save (0016), off the first token's path.
      const [question] = await tx.query<{ seq: number }>(sql`
        with grouping as (select set_config('app.question_grouping', 'after answer', true))
        insert into messages (id, workspace_id, conversation_id, role, content, parts)
        select ${questionId}, ${workspaceId}, ${conversationId}, 'user', ${input.message.text}, ${JSON.stringify([{ type: 'text', text: input.message.text }])}::jsonb from grouping
        returning seq`)
      // A conversation started by this question has no earlier turns, but those a client sent with it.
      const history = !conversation.isNew || input.history?.length ? await historyBefore(tx, conversationId, Number(question.seq)) : []
      await insertAnswers(tx, workspaceId, conversationId, questionId, answers)
      return { ...settingsOf(workspace), workspaceId, conversationId, autoTitle: conversation.autoTitle, questionId, answers, question: input.message.text, history, startedAt, generation: input.generation }
    })
  return { workspaceId, conversationId: conversation.id, questionId, answerIds, save }
}

/** The turns a client sent with its question, as the conversation's first messages (each answer replying to its question). */
async function recordHistory(tx: Queryable, workspaceId: string, conversationId: string, turns: Turn[]): Promise<void> {
  let questionId: string | null = null
  for (const turn of turns) {
    const [row]: { id: string }[] = await tx.query<{ id: string }>(sql`
      insert into messages (workspace_id, conversation_id, role, content, parts, reply_to)
      values (${workspaceId}, ${conversationId}, ${turn.role}, ${turn.text}, ${JSON.stringify([{ type: 'text', text: turn.text, ...(turn.role === 'assistant' ? { state: 'done' } : {}) }])}::jsonb,
              ${turn.role === 'assistant' ? questionId : null})
      returning id`)
    if (turn.role === 'user') questionId = row.id
  }
}

const settingsOf = (workspace: Workspace) => ({ workspaceName: workspace.name, systemPrompt: workspace.systemPrompt, temperature: workspace.temperature })

/** "Edit and resend" replaces the conversation's last question (and its answer), and no other message. */
async function requireLastQuestion(tx: Queryable, identity: Identity, conversationId: string, messageId: string): Promise<void> {
  const message = await findMessage(tx, identity, messageId)
  if (message.conversationId !== conversationId) throw notFound('message', 'The message to edit')
  const [last] = await tx.query<{ id: string }>(sql`select id from messages where conversation_id = ${conversationId} and role = 'user' order by seq desc limit 1`)
  if (message.role !== 'user' || last?.id !== message.id) throw new ApiError('bad_request:message', 'Only the last question of a conversation can be edited and sent again.')
}

/** A question's id chosen by the client must be new: in every workspace, as the table's key is. */
async function requireUnusedId(id: string): Promise<void> {
  const [used] = await asService((tx) => tx.query(sql`select 1 from messages where id = ${id}`))
  if (used) throw new ApiError('conflict:api', 'A message with this id already exists: send the question with a new id, or without one.')
}

const unlock = (tx: Queryable, workspaceId: string, conversationId: string) =>
  tx.query(sql`update conversations set busy_until = null where workspace_id = ${workspaceId} and id = ${conversationId}`)

/** Regenerating the conversation's last answer: checked now; `save` replaces it with a new one to the same question. */
async function admitRetry(identity: Identity, messageId: string, requestedModel: string | undefined, startedAt: number): Promise<Admission> {
  const message = await asIdentity(identity, async (tx) => {
    const message = await findMessage(tx, identity, messageId)
    requireMine(message)
    if (message.role !== 'assistant' || !message.replyTo) throw new ApiError('bad_request:message', 'Only an answer can be regenerated; to ask again, send the question.')
    if (message.candidate) throw new ApiError('bad_request:message', 'This answer is one of a comparison: keep one of them first, then regenerate it.')
    const [last] = await tx.query<{ id: string }>(sql`select id from messages where conversation_id = ${message.conversationId} order by seq desc limit 1`)
    if (last?.id !== message.id) throw new ApiError('conflict:message', 'Only the last answer of a conversation can be regenerated.')
    await requireRole(tx, identity, message.workspaceId, 'viewer')
    await lockConversation(tx, message.conversationId)
    return message
  })
  const { workspaceId, conversationId } = message
  const questionId = message.replyTo!
  const answerIds = [crypto.randomUUID()]
  const save = () =>
    asIdentity(identity, async (tx): Promise<Prepared> => {
      const workspace = await readSettings(tx, workspaceId)
      const answers = answersOf(answerIds, [chooseModel(requestedModel, workspace.model)])
      const [question] = await tx.query<{ seq: number; content: string }>(sql`select seq, content from messages where id = ${questionId}`)
      await tx.query(sql`delete from messages where id = ${message.id}`)
      await tx.query(sql`update conversations set last_message_at = now() where id = ${conversationId}`)
      const history = await historyBefore(tx, conversationId, Number(question.seq))
      await insertAnswers(tx, workspaceId, conversationId, questionId, answers)
      return { ...settingsOf(workspace), workspaceId, conversationId, autoTitle: null, questionId, answers, question: question.content, history, startedAt }
    })
  return { workspaceId, conversationId, questionId, answerIds, save }
}

/**
 * The passages the answer may use, numbered [1], [2]… as the model will cite them, and what the
 * model is told of the canvas. Widget visitors and the compatible APIs have no canvas; the offline
 * model calls no tools.
 */
async function retrieve(identity: Identity, prepared: Prepared): Promise<Pick<AnswerJob, 'language' | 'searchQuery' | 'citations' | 'canvas'>> {
  let plan: SearchPlan
  const previous = prepared.history.filter((turn) => turn.role === 'user').map((turn) => turn.text)
  const provisional = searchQuestion(prepared.question, previous, answerLanguage(prepared.question, 'en'))
  try {
    plan = await planSearch(provisional, undefined)
  } catch {
    // The embedding service failing must not cost the answer: lexical retrieval still works.
    plan = { mode: 'lexical', vector: null }
  }
  const withCanvas = identity.kind !== 'visitor' && !prepared.generation && prepared.answers.some((answer) => answer.model.provider !== 'offline')
  return asIdentity(identity, async (tx) => {
    const fallback = documentsLanguage(tx, prepared.workspaceId)
    const language = answerLanguage(prepared.question, questionLanguage(prepared.question) ?? (await fallback()))
    const searchQuery = searchQuestion(prepared.question, previous, language)
    const results = await searchChunks(tx, prepared.workspaceId, searchQuery, plan, SOURCES_PER_ANSWER, fallback)
    const citations: Citation[] = results.map((result, i) => ({
      n: i + 1,
      chunkId: result.chunkId,
      documentId: result.documentId,
      documentName: result.documentName,
      page: result.page,
      start: result.start,
      end: result.end,
      headingPath: result.headingPath,
      text: result.text,
      score: result.score,
    }))
    const canvas = withCanvas ? await artifactsInConversation(tx, prepared) : null
    return { language, searchQuery, citations, canvas }
  }, { snapshot: true })
}

/** Undoes a prepared answer when retrieval fails before any streaming (the question stays, grouped as answers' saves do). */
async function abandon(prepared: Prepared): Promise<void> {
  const { workspaceId } = prepared
  await asService(async (tx) => {
    await tx.query(sql`update messages set status = 'failed', error_code = 'unavailable:search' where workspace_id = ${workspaceId} and id = any(${prepared.answers.map((answer) => answer.answerId)}::uuid[])`)
    await unlock(tx, workspaceId, prepared.conversationId)
    await tx.query(sql`select app.group_question(${workspaceId}, ${prepared.questionId})`)
  })
}

/** The jobs of a prepared question, once its sources are retrieved: one per answer. */
async function jobsFor(identity: Identity, prepared: Prepared): Promise<AnswerJob[]> {
  let retrieved: Awaited<ReturnType<typeof retrieve>>
  try {
    retrieved = await retrieve(identity, prepared)
  } catch (error) {
    await abandon(prepared)
    throw error
  }
  const { answers, ...shared } = prepared
  // Only the first answer may improve a new conversation's title.
  return answers.map((answer, i) => ({
    ...shared,
    ...retrieved,
    ...answer,
    canvas: answer.model.provider === 'offline' ? null : retrieved.canvas,
    autoTitle: i === 0 ? shared.autoTitle : null,
  }))
}

/**
 * An admitted question's stream. Its `start` part leaves before anything is written; then the
 * question is saved and its conversation part sent, the sources are retrieved and the answer
 * (or compared answers) streams. A failed save or retrieval ends it with an error part.
 */
function run(identity: Identity, admission: Admission, startId: string, answer: (jobs: AnswerJob[]) => ReadableStream<UIMessageChunk>): ReadableStream<UIMessageChunk> {
  let reader: ReadableStreamDefaultReader<UIMessageChunk> | null = null
  return producedStream<UIMessageChunk>(
    async (send, open) => {
      send({ type: 'start', messageId: startId })
      // Let the first bytes out, and requests still owed theirs in, before this one's writes.
      await new Promise((resolve) => setImmediate(resolve))
      let prepared: Prepared
      try {
        prepared = await admission.save()
      } catch (error) {
        // A membership that ended since the role was checked is refused by row-level security.
        const refused = error instanceof ApiError && error.code === 'not_found:workspace'
        if (!refused) console.error('[chat] the question could not be saved:', error)
        await asService((tx) => unlock(tx, admission.workspaceId, admission.conversationId)).catch(() => undefined)
        send({ type: 'error', errorText: refused ? error.code : 'unavailable:database' })
        return
      }
      send({ type: 'data-conversation', data: { id: prepared.conversationId, title: prepared.autoTitle, questionId: prepared.questionId }, transient: true })
      let jobs: AnswerJob[]
      try {
        jobs = await jobsFor(identity, prepared)
      } catch (error) {
        console.error('[chat] retrieval failed:', error)
        send({ type: 'error', errorText: 'unavailable:search' })
        return
      }
      // Even when the client is already gone, the answer runs its course to be saved as interrupted.
      reader = answer(jobs).getReader()
      if (!open()) return void (await reader.cancel())
      for (;;) {
        const { done, value } = await reader.read()
        if (done || !open()) break
        send(value)
      }
    },
    (reason) => reader?.cancel(reason),
  )
}

export async function ask(identity: Identity, workspaceId: string, input: ChatInput): Promise<ReadableStream<UIMessageChunk>> {
  const startedAt = performance.now()
  if (input.model) chooseModel(input.model, null)
  const admission = await admitQuestion(identity, workspaceId, input, startedAt)
  return run(identity, admission, admission.answerIds[0], ([job]) => answerStream(job))
}

/** One question to several models at once: their answers stream side by side (see compareStream). */
export async function askMany(identity: Identity, workspaceId: string, input: ChatInput, models: string[]): Promise<ReadableStream<UIMessageChunk>> {
  const startedAt = performance.now()
  for (const model of models) chooseModel(model, null)
  const admission = await admitQuestion(identity, workspaceId, input, startedAt, models)
  return run(identity, admission, `compare-${admission.questionId}`, compareStream)
}

/** Keeps one answer of a comparison as the conversation's answer; the others are deleted. */
export async function keepAnswer(identity: Identity, messageId: string): Promise<Message> {
  return asIdentity(identity, async (tx) => {
    const message = await findMessage(tx, identity, messageId)
    requireMine(message)
    if (!message.candidate) throw new ApiError('bad_request:message', 'This answer is not one of a comparison: there is nothing to choose.')
    await requireIdle(tx, message.conversationId)
    await tx.query(sql`delete from messages where reply_to = ${message.replyTo} and candidate and id <> ${message.id}`)
    await tx.query(sql`update messages set candidate = false where id = ${message.id}`)
    return readMessage(tx, message.id)
  })
}

export async function regenerate(identity: Identity, messageId: string, model: string | undefined): Promise<ReadableStream<UIMessageChunk>> {
  const startedAt = performance.now()
  if (model) chooseModel(model, null)
  const admission = await admitRetry(identity, messageId, model, startedAt)
  return run(identity, admission, admission.answerIds[0], ([job]) => answerStream(job))
}

/** `no-transform`: a compressing proxy (or Next's own gzip) would hold the streamed text back. */
export const streamResponse = (stream: ReadableStream<UIMessageChunk>) => createUIMessageStreamResponse({ stream, headers: { 'cache-control': 'no-cache, no-transform' } })

/** The non-streaming answer: the stream read to its end on the server, then the saved message. */
export async function collect(identity: Identity, stream: ReadableStream<UIMessageChunk>): Promise<{ conversationId: string; message: Message }> {
  let conversationId = ''
  let answerId = ''
  let unsaved: string | null = null
  const [forIds, forMessage] = stream.tee()
  const reader = forIds.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    if (value.type === 'start') answerId = value.messageId ?? ''
    if (value.type === 'data-conversation') conversationId = (value.data as { id: string }).id
    // An error before the conversation part: the question could not be saved.
    if (value.type === 'error' && !conversationId) unsaved = value.errorText
  }
  if (unsaved === 'not_found:workspace') throw workspaceNotFound()
  if (unsaved) throw new ApiError('unavailable:database', 'The question or its answer could not be saved: the database did not answer. Try again in a moment.')
  for await (const _ of readUIMessageStream({ stream: forMessage })) void _
  return { conversationId, message: await asIdentity(identity, (tx) => readMessage(tx, answerId)) }
}
