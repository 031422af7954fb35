import { createHash } from 'node:crypto'
import { streamText, type FinishReason, type UIMessageChunk } from 'ai'
import { languageModel, type ModelInfo } from '../ai/models'
import { ApiError } from '../api/errors'
import { ask } from '../chat'
import { errorCodeOf, generationSettings, type AnswerMetadata, type Generation, type StreamErrorCode } from '../chat/answer'
import { QUESTION_MAX_CHARS, questionProblem } from '../chat/contracts'
import { citedNumbers, estimateTokens, type Turn } from '../chat/prompt'
import { producedStream } from '../chat/stream'
import { config } from '../config'
import type { Citation } from '../conversations/schemas'
import { asIdentity, sql, type Identity } from '../db'
import { readWorkspace, resolveModel, type Target } from './models'

/**
 * One chat call of the Ollama- or OpenAI-compatible API, whatever its wire format: the messages
 * it sent, answered as a stream of protocol-neutral events that lib/compat/ollama.ts and
 * lib/compat/openai.ts write out.
 *
 * A workspace assistant answers through the dashboard's pipeline (lib/chat: grounding,
 * citations, the answer saved whatever happens, the conversation locked while it streams) in a
 * conversation of the `api` channel. Clients are stateless and resend the whole conversation:
 * a call continues the API conversation whose turns so far are exactly the turns it sent before
 * its question (`conversations.api_thread`), or the one named by the X-Monitora-Conversation
 * header; otherwise it starts a new conversation that records the turns it sent. A registry
 * model answers straight, without retrieval, and nothing is saved (a pass-through).
 */

export interface CompatMessage {
  role: 'system' | 'user' | 'assistant'
  text: string
}

export interface CompatChat {
  model: string
  messages: CompatMessage[]
  generation: Omit<Generation, 'instructions'>
  /** From the X-Monitora-Conversation header: continue this API conversation. */
  conversationId?: string
}

export interface AnswerEnd {
  type: 'end'
  finishReason: 'stop' | 'length' | 'content_filter'
  usage: { input: number; output: number }
  /** The sources the answer cites, numbered as its [n] markers (workspace assistants only). */
  citations: Citation[]
  conversationId: string | null
  messageId: string | null
  /** The documents did not hold the answer (workspace assistants only). */
  unanswered: boolean | null
}

export type CompatEvent = { type: 'delta'; text: string } | { type: 'error'; error: ApiError } | AnswerEnd

export interface CompatAnswer {
  /** The model's canonical name. */
  model: string
  kind: 'workspace' | 'chat'
  startedAt: number
  events: ReadableStream<CompatEvent>
}

/** Tokens kept for the answer when a conversation is measured against the model's context. */
const ANSWER_RESERVE_TOKENS = 1500

/** The fingerprint of a conversation's turns, as a client sends them back. */
export const threadKey = (turns: Turn[]) =>
  createHash('sha256')
    .update(JSON.stringify(turns.map((turn) => [turn.role, turn.text.trim()])))
    .digest('hex')

/** The question (the last message, a user's), the turns before it and the system messages. */
function split(messages: CompatMessage[]): { question: string; history: Turn[]; system: string } {
  const last = messages.at(-1)
  if (!last || last.role !== 'user') throw new ApiError('bad_request:message', 'The last message must be the user’s question (role "user").')
  const question = last.text.trim()
  const problem = questionProblem(question, QUESTION_MAX_CHARS)
  if (problem) throw new ApiError('bad_request:message', `The last user message is not a question to answer: ${problem}.`)
  const history = messages.slice(0, -1).flatMap((message): Turn[] => (message.role === 'system' || !message.text.trim() ? [] : [{ role: message.role, text: message.text }]))
  const system = messages
    .filter((message) => message.role === 'system')
    .map((message) => message.text.trim())
    .filter(Boolean)
    .join('\n\n')
  return { question, history, system }
}

function requireRoom(messages: CompatMessage[], model: ModelInfo): void {
  const tokens = messages.reduce((sum, message) => sum + estimateTokens(message.text) + 4, 0)
  const room = model.contextTokens - ANSWER_RESERVE_TOKENS
  if (tokens > room) {
    throw new ApiError('bad_request:context', `These messages take about ${tokens.toLocaleString('en')} tokens; this model reads at most ${room.toLocaleString('en')} (with room kept for the answer). Send fewer or shorter messages.`)
  }
}

export async function answer(identity: Identity & { kind: 'key' }, chat: CompatChat): Promise<CompatAnswer> {
  const startedAt = performance.now()
  const { question, history, system } = split(chat.messages)
  // One short read: the key's workspace, the model asked for, and the conversation to continue.
  const { target, conversationId } = await asIdentity(identity, async (tx) => {
    const target = resolveModel(chat.model, await readWorkspace(tx, identity.workspaceId))
    if (target.kind !== 'workspace' || chat.conversationId || !history.length) return { target, conversationId: chat.conversationId }
    const [row] = await tx.query<{ id: string }>(sql`
      select id from conversations
       where workspace_id = ${identity.workspaceId} and api_thread = ${threadKey(history)} and channel = 'api'
       order by last_message_at desc limit 1`)
    return { target, conversationId: row?.id }
  })
  if (target.kind === 'embedding') throw new ApiError('bad_request:model', `"${chat.model}" is an embedding model: it makes vectors (POST /ollama/api/embed, POST /v1/embeddings), it does not chat.`)
  requireRoom(chat.messages, target.model)
  const events =
    target.kind === 'workspace'
      ? workspaceEvents(identity, await ask(identity, identity.workspaceId, { conversationId, message: { text: question }, history: conversationId ? undefined : history, generation: { ...chat.generation, instructions: system } }), {
          turns: [...history, { role: 'user', text: question }],
          json: Boolean(chat.generation.format),
        })
      : modelEvents(target, system, [...history, { role: 'user', text: question }], chat.generation)
  return { model: target.name, kind: target.kind, startedAt, events }
}

const streamErrors: Record<StreamErrorCode, () => ApiError> = {
  'unavailable:model': () => new ApiError('unavailable:model', 'The model could not answer: its provider failed or could not be reached. Try again.'),
  'rate_limited:model': () => new ApiError('rate_limited:model', 'The model’s provider is rate limiting this server: try again in a moment.'),
  'timeout:model': () => new ApiError('unavailable:model', `The model sent nothing for ${config().chatTimeoutMs / 1000} seconds, so the answer was stopped.`),
  'unavailable:search': () => new ApiError('unavailable:search', 'The documents could not be searched: try again.'),
  'unavailable:database': () => new ApiError('unavailable:database', 'The answer could not be saved: the database is not available.'),
}

const streamError = (code: string) => (streamErrors[code as StreamErrorCode] ?? streamErrors['unavailable:model'])()

const finishOf = (reason: FinishReason | null): AnswerEnd['finishReason'] => (reason === 'length' ? 'length' : reason === 'content-filter' ? 'content_filter' : 'stop')

/** The cited sources under the answer, as the client shows them: `[n] document, p. page`. */
function sourcesFooter(citations: Citation[]): string {
  if (!citations.length) return ''
  const lines = citations.map((citation) => `[${citation.n}] ${citation.documentName}${citation.page ? `, p. ${citation.page}` : ''}`)
  return `\n\n---\n${lines.join('\n')}`
}

/** The dashboard pipeline's UI message stream, as events; the conversation's fingerprint is kept once the answer is complete. */
function workspaceEvents(identity: Identity, stream: ReadableStream<UIMessageChunk>, context: { turns: Turn[]; json: boolean }): ReadableStream<CompatEvent> {
  const reader = stream.getReader()
  return producedStream<CompatEvent>(
    async (send) => {
      let messageId: string | null = null
      let conversationId: string | null = null
      let text = ''
      const sources: Citation[] = []
      for (;;) {
        const { done, value: part } = await reader.read()
        if (done) return
        if (part.type === 'text-delta') {
          text += part.delta
          send({ type: 'delta', text: part.delta })
        } else if (part.type === 'start') messageId = part.messageId ?? null
        else if (part.type === 'data-conversation') conversationId = (part.data as { id: string }).id
        else if (part.type === 'data-citation') sources.push(part.data as Citation)
        else if (part.type === 'error') {
          send({ type: 'error', error: streamError(part.errorText) })
          return void (await reader.cancel())
        } else if (part.type === 'finish') {
          const metadata = part.messageMetadata as AnswerMetadata
          const cited = new Set(citedNumbers(text, sources.length))
          const citations = sources.filter((citation) => cited.has(citation.n))
          const footer = context.json ? '' : sourcesFooter(citations)
          if (footer) send({ type: 'delta', text: footer })
          if (metadata.status === 'complete' && conversationId) {
            const key = threadKey([...context.turns, { role: 'assistant', text: text + footer }])
            await asIdentity(identity, (tx) => tx.query(sql`update conversations set api_thread = ${key} where id = ${conversationId}`))
          }
          send({
            type: 'end',
            finishReason: finishOf(metadata.finishReason),
            usage: { input: metadata.usage.inputTokens ?? 0, output: metadata.usage.outputTokens ?? 0 },
            citations,
            conversationId,
            messageId,
            unanswered: metadata.unanswered,
          })
        }
      }
    },
    (reason) => reader.cancel(reason),
  )
}

/** A registry model called straight: no retrieval, nothing saved. */
function modelEvents(target: Extract<Target, { kind: 'chat' }>, system: string, turns: Turn[], generation: CompatChat['generation']): ReadableStream<CompatEvent> {
  const abort = new AbortController()
  return producedStream<CompatEvent>(
    async (send) => {
      let idle: ReturnType<typeof setTimeout> | undefined
      const armTimeout = () => {
        clearTimeout(idle)
        idle = setTimeout(() => abort.abort('timeout'), config().chatTimeoutMs)
      }
      let failed: unknown = null
      try {
        armTimeout()
        const result = streamText({
          model: languageModel(target.model),
          instructions: system || undefined,
          messages: turns.map((turn) => ({ role: turn.role, content: turn.text })),
          ...generationSettings(generation),
          maxRetries: 1,
          abortSignal: abort.signal,
          onError: () => {},
        })
        for await (const part of result.fullStream) {
          armTimeout()
          if (part.type === 'text-delta') send({ type: 'delta', text: part.text })
          else if (part.type === 'error') failed = part.error
        }
        if (!failed && !abort.signal.aborted) {
          const usage = await result.totalUsage
          send({
            type: 'end',
            finishReason: finishOf(await result.finishReason),
            usage: { input: usage.inputTokens ?? 0, output: usage.outputTokens ?? 0 },
            citations: [],
            conversationId: null,
            messageId: null,
            unanswered: null,
          })
          return
        }
      } catch (error) {
        failed = error
      } finally {
        clearTimeout(idle)
      }
      if (abort.signal.reason === 'client') return
      send({ type: 'error', error: streamError(abort.signal.reason === 'timeout' ? 'timeout:model' : errorCodeOf(failed)) })
    },
    () => abort.abort('client'),
  )
}

/** The whole answer, for `stream: false`: its text and its end, or the error that stopped it. */
export async function collectAnswer(events: ReadableStream<CompatEvent>): Promise<{ text: string; end: AnswerEnd }> {
  let text = ''
  const reader = events.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    if (value.type === 'delta') text += value.text
    else if (value.type === 'error') throw value.error
    else return { text, end: value }
  }
  throw streamErrors['unavailable:model']()
}
