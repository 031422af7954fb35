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
import { memberRole, requireAtLeast, type Role } from '../workspaces/access'
import { answerStream, streamHeader, type AnswerJob, type Generation } from './answer'
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

/** The workspace's chat settings, read with the caller's role, which must be viewer or higher. */
async function readWorkspace(tx: Queryable, identity: Identity, workspaceId: string): Promise<Workspace> {
  const [row] = await tx.query<{ name: string; system_prompt: string; model: string | null; temperature: number; role: Role | null }>(
    sql`select name, system_prompt, model, temperature, ${memberRole(identity, workspaceId)} as role from workspaces where id = ${workspaceId}`,
  )
  requireAtLeast(identity, workspaceId, row?.role ?? null, 'viewer')
  return { name: row.name, systemPrompt: row.system_prompt, model: row.model, temperature: Number(row.temperature) }
}

/** Takes the conversation's answer lock; it expires on its own should the server die mid-answer. */
async function lockConversation(tx: Queryable, conversationId: string): Promise<void> {
  const rows = await tx.query(sql`
    update conversations set busy_until = now() + make_interval(secs => ${lockSeconds()}), last_message_at = now()
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

/** Placeholders for the answers about to stream: one, or one per compared model. */
async function insertAnswers(tx: Queryable, workspaceId: string, conversationId: string, questionId: string, models: ModelInfo[]): Promise<Answer[]> {
  const answers: Answer[] = []
  for (const model of models) {
    const [row] = await tx.query<{ id: string }>(sql`
      insert into messages (workspace_id, conversation_id, role, reply_to, status, model, candidate)
      values (${workspaceId}, ${conversationId}, 'assistant', ${questionId}, 'streaming', ${model.id}, ${models.length > 1}) returning id`)
    answers.push({ answerId: row.id, model })
  }
  return answers
}

interface Answer {
  answerId: string
  model: ModelInfo
}

type Prepared = Omit<AnswerJob, 'language' | 'searchQuery' | 'citations' | 'canvas' | 'answerId' | 'model'> & { answers: Answer[] }

/** A new question: saved, with its answers' placeholders, in one short transaction. */
async function prepareQuestion(identity: Identity, workspaceId: string, input: ChatInput, startedAt: number, compared: string[] = []): Promise<Prepared> {
  return asIdentity(identity, async (tx) => {
    const workspace = await readWorkspace(tx, identity, workspaceId)
    const models = compared.length ? compared.map((id) => chooseModel(id, null)) : [chooseModel(input.model, workspace.model)]
    let conversationId: string
    let autoTitle: string | null = null
    if (input.conversationId) {
      const conversation = await findConversation(tx, identity, input.conversationId)
      if (conversation.workspaceId !== workspaceId) throw notFound('conversation', 'This conversation')
      requireMine(conversation)
      await lockConversation(tx, conversation.id)
      conversationId = conversation.id
      // A conversation started empty (POST /conversations without a title) is titled by its first question.
      if (conversation.titleSource === 'auto' && !conversation.title) {
        autoTitle = titleFrom(input.message.text)
        await tx.query(sql`update conversations set title = ${autoTitle} where id = ${conversationId}`)
      }
    } else {
      autoTitle = titleFrom(input.message.text)
      conversationId = await insertConversation(tx, identity, workspaceId, autoTitle, 'auto', lockSeconds() * 1000)
    }
    if (input.editOf) await removeLastQuestion(tx, identity, conversationId, input.editOf)
    if (input.history?.length && !input.conversationId) await recordHistory(tx, workspaceId, conversationId, input.history)
    // Grouping the question for analytics waits for its answer's save (0016), off the first byte's path.
    await tx.query(sql`select set_config('app.question_grouping', 'after answer', true)`)
    const [question] = await tx.query<{ id: string; seq: number }>(sql`
      insert into messages (id, workspace_id, conversation_id, role, content, parts)
      values (${input.message.id ?? sql`gen_random_uuid()`}, ${workspaceId}, ${conversationId}, 'user', ${input.message.text},
              ${JSON.stringify([{ type: 'text', text: input.message.text }])}::jsonb)
      returning id, seq`)
    // A conversation started by this question has no earlier turns, but those a client sent with it.
    const history = input.conversationId || input.history?.length ? await historyBefore(tx, conversationId, Number(question.seq)) : []
    const answers = await insertAnswers(tx, workspaceId, conversationId, question.id, models)
    return { ...settingsOf(workspace), workspaceId, conversationId, autoTitle, questionId: question.id, answers, question: input.message.text, history, startedAt, generation: input.generation }
  })
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

/** "Edit and resend": the conversation's last question (and its answer) make way for the new one. */
async function removeLastQuestion(tx: Queryable, identity: Identity, conversationId: string, messageId: string): Promise<void> {
  const message = await findMessage(tx, identity, messageId)
  if (message.conversationId !== conversationId) throw notFound('message', 'The message to edit')
  const [last] = await tx.query<{ id: string }>(sql`select id from messages where conversation_id = ${conversationId} and role = 'user' order by seq desc limit 1`)
  if (message.role !== 'user' || last?.id !== message.id) throw new ApiError('bad_request:message', 'Only the last question of a conversation can be edited and sent again.')
  await tx.query(sql`delete from messages where id = ${message.id}`)
}

/** Regenerating the conversation's last answer: it is replaced by a new one to the same question. */
async function prepareRetry(identity: Identity, messageId: string, requestedModel: string | undefined, startedAt: number): Promise<Prepared> {
  return asIdentity(identity, async (tx) => {
    const message = await findMessage(tx, identity, messageId)
    requireMine(message)
    if (message.role !== 'assistant' || !message.replyTo) throw new ApiError('bad_request:message', 'Only an answer can be regenerated; to ask again, send the question.')
    if (message.candidate) throw new ApiError('bad_request:message', 'This answer is one of a comparison: keep one of them first, then regenerate it.')
    const [last] = await tx.query<{ id: string }>(sql`select id from messages where conversation_id = ${message.conversationId} order by seq desc limit 1`)
    if (last?.id !== message.id) throw new ApiError('conflict:message', 'Only the last answer of a conversation can be regenerated.')
    await lockConversation(tx, message.conversationId)
    const workspace = await readWorkspace(tx, identity, message.workspaceId)
    const model = chooseModel(requestedModel, workspace.model)
    const [question] = await tx.query<{ id: string; seq: number; content: string }>(sql`select id, seq, content from messages where id = ${message.replyTo}`)
    await tx.query(sql`delete from messages where id = ${message.id}`)
    const history = await historyBefore(tx, message.conversationId, Number(question.seq))
    const answers = await insertAnswers(tx, message.workspaceId, message.conversationId, question.id, [model])
    return {
      ...settingsOf(workspace),
      workspaceId: message.workspaceId,
      conversationId: message.conversationId,
      autoTitle: null,
      questionId: question.id,
      answers,
      question: question.content,
      history,
      startedAt,
    }
  })
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
    await tx.query(sql`update conversations set busy_until = null where workspace_id = ${workspaceId} and id = ${prepared.conversationId}`)
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
 * The answer's stream, started at once: its `start` and conversation parts go out as soon as
 * the question is saved, and retrieval runs inside the stream (a failure there ends it with an
 * error part).
 */
function run(identity: Identity, prepared: Prepared): ReadableStream<UIMessageChunk> {
  let reader: ReadableStreamDefaultReader<UIMessageChunk> | null = null
  return producedStream<UIMessageChunk>(
    async (send, open) => {
      streamHeader({ ...prepared, answerId: prepared.answers[0].answerId }).forEach(send)
      let job: AnswerJob
      try {
        ;[job] = await jobsFor(identity, prepared)
      } catch (error) {
        console.error('[chat] retrieval failed:', error)
        send({ type: 'error', errorText: 'unavailable:search' })
        return
      }
      // Even when the client is already gone, the answer runs its course to be saved as interrupted.
      reader = answerStream(job, { sendHeader: false }).getReader()
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
  return run(identity, await prepareQuestion(identity, workspaceId, input, startedAt))
}

/** One question to several models at once: their answers stream side by side (see compareStream). */
export async function askMany(identity: Identity, workspaceId: string, input: ChatInput, models: string[]): Promise<ReadableStream<UIMessageChunk>> {
  const startedAt = performance.now()
  for (const model of models) chooseModel(model, null)
  const prepared = await prepareQuestion(identity, workspaceId, input, startedAt, models)
  return compareStream(prepared, await jobsFor(identity, prepared))
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
  return run(identity, await prepareRetry(identity, messageId, model, startedAt))
}

/** `no-transform`: a compressing proxy (or Next's own gzip) would hold the streamed text back. */
export const streamResponse = (stream: ReadableStream<UIMessageChunk>) => createUIMessageStreamResponse({ stream, headers: { 'cache-control': 'no-cache, no-transform' } })

/** The non-streaming answer: the stream read to its end on the server, then the saved message. */
export async function collect(identity: Identity, stream: ReadableStream<UIMessageChunk>): Promise<{ conversationId: string; message: Message }> {
  let conversationId = ''
  let answerId = ''
  const [forIds, forMessage] = stream.tee()
  const reader = forIds.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    if (value.type === 'start') answerId = value.messageId ?? ''
    if (value.type === 'data-conversation') conversationId = (value.data as { id: string }).id
  }
  for await (const _ of readUIMessageStream({ stream: forMessage })) void _
  return { conversationId, message: await asIdentity(identity, (tx) => readMessage(tx, answerId)) }
}
