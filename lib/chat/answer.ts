import { APICallError, InvalidToolInputError, NoSuchToolError, Output, RetryError, generateText, jsonSchema, stepCountIs, streamText, type FinishReason, type ModelMessage, type UIMessageChunk } from 'ai'
import { languageModel, type ModelInfo } from '../ai/models'
import type { Source } from '../ai/sources'
import { artifactTools, type ArtifactPart } from '../artifacts/tools'
import { config } from '../config'
import type { Citation } from '../conversations/schemas'
import { asService, sql } from '../db'
import { producedStream } from './stream'
import { citedNumbers, instructions, trimHistory, estimateTokens, type AnswerLanguage, type Turn } from './prompt'

/** Writing one answer: the model's stream to the client, and the answer saved whatever happens. */

export const streamErrorCodes = ['unavailable:model', 'rate_limited:model', 'timeout:model', 'unavailable:search', 'unavailable:database'] as const
export type StreamErrorCode = (typeof streamErrorCodes)[number]

export interface AnswerJob {
  workspaceId: string
  workspaceName: string
  systemPrompt: string
  temperature: number
  conversationId: string
  /** The conversation was just created: its title may still be improved by the model. */
  autoTitle: string | null
  questionId: string
  answerId: string
  question: string
  history: Turn[]
  model: ModelInfo
  language: AnswerLanguage
  searchQuery: string
  citations: Citation[]
  /** What the model is told of the canvas (artifactsInConversation); null: no canvas tools. */
  canvas: string | null
  /** When the request arrived (performance.now()), for the timings. */
  startedAt: number
  /** Set by the Ollama- and OpenAI-compatible APIs, whose callers have no canvas. */
  generation?: Generation
}

/** A caller's sampling settings and instructions (lib/compat), over the workspace's. */
export interface Generation {
  temperature?: number
  topP?: number
  maxOutputTokens?: number
  stopSequences?: string[]
  seed?: number
  /** `json`: one JSON object; a JSON schema: an object that follows it. */
  format?: 'json' | { schema: Record<string, unknown> }
  /** The caller's system messages, added to the workspace's instructions. */
  instructions?: string
}

/** The AI SDK settings of a Generation. */
export function generationSettings(generation: Generation) {
  const { temperature, topP, maxOutputTokens, stopSequences, seed, format } = generation
  const output = format === 'json' ? Output.json() : format ? Output.object({ schema: jsonSchema(format.schema) }) : undefined
  return { temperature, topP, maxOutputTokens, stopSequences, seed, output }
}

type Usage = { inputTokens: number | null; outputTokens: number | null }

export interface AnswerMetadata {
  model: string
  /** Why the model stopped (`length`: its output limit), when it finished. */
  finishReason: FinishReason | null
  status: 'complete' | 'interrupted' | 'failed'
  errorCode: StreamErrorCode | null
  unanswered: boolean
  usage: Usage
  ttftMs: number | null
  totalMs: number
}

export function errorCodeOf(error: unknown): StreamErrorCode {
  const cause = error instanceof RetryError ? error.lastError : error
  if (APICallError.isInstance(cause) && cause.statusCode === 429) return 'rate_limited:model'
  return 'unavailable:model'
}

/** A tool call the model got wrong: the answer goes on (the tool's refusal is shown), it did not fail. */
const isToolCallError = (error: unknown) => InvalidToolInputError.isInstance(error) || NoSuchToolError.isInstance(error)

const ANSWER_RESERVE_TOKENS = 1500
const FLUSH_EVERY_MS = 2000

/** The text of an answer still being written (its status stays streaming). */
async function savePartial(job: AnswerJob, text: string): Promise<void> {
  await asService((tx) => tx.query(sql`update messages set content = ${text} where id = ${job.answerId} and workspace_id = ${job.workspaceId} and status = 'streaming'`))
}

/**
 * The answer's UI message stream: its citations, then the model's text. When it ends, for
 * whatever reason (finished, stopped, client gone, provider error, timeout), the answer is
 * saved with what was written and the conversation is unlocked, before the stream closes.
 */
export function answerStream(job: AnswerJob): ReadableStream<UIMessageChunk> {
  const abort = new AbortController()
  const sources: Source[] = job.citations.map((citation) => ({ n: citation.n, documentName: citation.documentName, page: citation.page, text: citation.text }))
  const systemPrompt = [job.systemPrompt, job.generation?.instructions ?? ''].filter((text) => text.trim()).join('\n\n')
  const system = instructions({ workspaceName: job.workspaceName, systemPrompt, language: job.language, sources })
  const budget = job.model.contextTokens - estimateTokens(system) - estimateTokens(job.question) - ANSWER_RESERVE_TOKENS
  const messages: ModelMessage[] = [...trimHistory(job.history, Math.max(budget, 0)), { role: 'user' as const, content: job.question }]
  const timeoutMs = config().chatTimeoutMs

  return producedStream<UIMessageChunk>(
    async (send) => {
      let text = ''
      let firstTokenAt: number | null = null
      let errorCode: StreamErrorCode | null = null
      let reported: Usage | null = null
      let finishReason: FinishReason | null = null
      let idle: ReturnType<typeof setTimeout> | undefined
      const armTimeout = () => {
        clearTimeout(idle)
        idle = setTimeout(() => abort.abort('timeout'), timeoutMs)
      }
      // What is written so far reaches the database every few seconds, so a server that dies
      // mid-answer loses at most that much; one write at a time, the final save after them.
      let flushed = ''
      let flushing: Promise<unknown> = Promise.resolve()
      const flusher = setInterval(() => {
        if (text === flushed) return
        const partial = (flushed = text)
        flushing = flushing.then(() => savePartial(job, partial)).catch((error) => console.error('[chat] could not save the partial answer:', error))
      }, FLUSH_EVERY_MS)

      for (const citation of job.citations) send({ type: 'data-citation', id: `cit-${citation.n}`, data: citation })

      const artifactParts: ArtifactPart[] = []
      const tools = job.canvas === null ? undefined : artifactTools(job, (part) => (artifactParts.push(part), send(part)))
      try {
        armTimeout()
        const result = streamText({
          model: languageModel(job.model),
          instructions: job.canvas === null ? system : `${system}\n\n${job.canvas}`,
          tools,
          stopWhen: stepCountIs(4),
          messages,
          ...(job.generation ? generationSettings(job.generation) : {}),
          temperature: job.generation?.temperature ?? job.temperature,
          maxRetries: 1,
          abortSignal: abort.signal,
          // Failures reach the client as error parts and are saved with the answer, not logged.
          onError: () => {},
        })
        for await (const chunk of result.toUIMessageStream({ sendStart: false, sendFinish: false, onError: (error) => (isToolCallError(error) ? (error as Error).message : (errorCode = errorCodeOf(error))) })) {
          armTimeout()
          if (chunk.type === 'text-delta') {
            firstTokenAt ??= performance.now()
            text += chunk.delta
          }
          if (chunk.type === 'abort') continue
          send(chunk)
          // Arguments the model wrote wrong never reach the tool: the answer says why, and goes on.
          if (chunk.type === 'tool-input-error') {
            const part: ArtifactPart = { type: 'data-artifact-error', id: `artifact-error-${chunk.toolCallId}`, data: { toolCallId: chunk.toolCallId, kind: null, reason: `The model sent arguments that are not valid: ${chunk.errorText.slice(0, 300)}` } }
            artifactParts.push(part)
            send(part)
          }
        }
        if (!errorCode && !abort.signal.aborted) {
          const total = await result.totalUsage
          reported = { inputTokens: total.inputTokens ?? null, outputTokens: total.outputTokens ?? null }
          finishReason = await result.finishReason
        }
      } catch (error) {
        // A dropped stream throws here rather than reaching onError.
        if (!abort.signal.aborted) {
          errorCode = errorCodeOf(error)
          send({ type: 'error', errorText: errorCode })
        }
      } finally {
        clearTimeout(idle)
        clearInterval(flusher)
        await flushing
      }
      if (abort.signal.reason === 'timeout') {
        errorCode = 'timeout:model'
        send({ type: 'error', errorText: errorCode })
      }
      const status: AnswerMetadata['status'] = errorCode ? 'failed' : abort.signal.aborted ? 'interrupted' : 'complete'
      let metadata: AnswerMetadata
      try {
        metadata = await saveAnswer(job, text, status, errorCode, firstTokenAt, reported, artifactParts, finishReason)
      } catch (error) {
        // The answer was streamed but could not be saved (the database went away): say so
        // rather than leave the client waiting; the stale-answer sweep unlocks the conversation.
        console.error('[chat] the answer could not be saved:', error)
        send({ type: 'error', errorText: 'unavailable:database' })
        return
      }
      send({ type: 'finish', finishReason: status === 'complete' ? 'stop' : status === 'failed' ? 'error' : 'other', messageMetadata: metadata })
      if (job.autoTitle !== null && status === 'complete' && job.model.provider !== 'offline') void improveTitle(job)
    },
    () => abort.abort('client'),
  )

  async function saveAnswer(
    job: AnswerJob,
    text: string,
    status: AnswerMetadata['status'],
    errorCode: StreamErrorCode | null,
    firstTokenAt: number | null,
    reported: Usage | null,
    artifactParts: ArtifactPart[],
    finishReason: FinishReason | null,
  ): Promise<AnswerMetadata> {
    const cited = new Set(citedNumbers(text, job.citations.length))
    const citations = job.citations.filter((citation) => cited.has(citation.n))
    const unanswered = status === 'complete' && (job.citations.length === 0 || citations.length === 0)
    // Artifacts are saved with the answer without their content (the canvas reads it from the artifact, at its latest version).
    const artifacts = artifactParts.map((part) => (part.type === 'data-artifact' ? { ...part, data: { ...part.data, content: undefined } } : part))
    const parts = [{ type: 'step-start' }, ...citations.map((citation) => ({ type: 'data-citation', id: `cit-${citation.n}`, data: citation })), ...artifacts, ...(text ? [{ type: 'text', text, state: 'done' }] : [])]
    const estimated = estimateUsage(messages, system, text)
    const usage = { inputTokens: reported?.inputTokens ?? estimated.inputTokens, outputTokens: reported?.outputTokens ?? estimated.outputTokens }
    const metadata: AnswerMetadata = {
      model: job.model.id,
      finishReason,
      status,
      errorCode,
      unanswered,
      usage,
      ttftMs: firstTokenAt === null ? null : Math.round(firstTokenAt - job.startedAt),
      totalMs: Math.round(performance.now() - job.startedAt),
    }
    // The answer is saved by the server for the caller, whose request may be gone by now.
    await asService(async (tx) => {
      await tx.query(sql`
        update messages set content = ${text}, parts = ${JSON.stringify(parts)}::jsonb, citations = ${JSON.stringify(citations)}::jsonb, status = ${status},
               error_code = ${errorCode}, unanswered = ${unanswered}, input_tokens = ${usage.inputTokens}, output_tokens = ${usage.outputTokens},
               ttft_ms = ${metadata.ttftMs}, total_ms = ${metadata.totalMs}
         where id = ${job.answerId} and workspace_id = ${job.workspaceId}`)
      // The question as it was searched, and its group for analytics, written here rather than before the model's first token.
      await tx.query(sql`update messages set search_query = ${job.searchQuery} where id = ${job.questionId} and workspace_id = ${job.workspaceId} and search_query is distinct from ${job.searchQuery}`)
      await tx.query(sql`select app.group_question(${job.workspaceId}, ${job.questionId})`)
      // Unlocked when the last of the answers being written (several when models are compared) ends.
      await tx.query(sql`
        update conversations set busy_until = null, last_message_at = now()
         where id = ${job.conversationId} and workspace_id = ${job.workspaceId}
           and not exists (select 1 from messages m where m.conversation_id = ${job.conversationId} and m.status = 'streaming')`)
    })
    return metadata
  }
}

/** Token counts: the provider's when it reported them, estimated otherwise. */
function estimateUsage(messages: ModelMessage[], system: string, text: string) {
  return {
    inputTokens: estimateTokens(system) + messages.reduce((sum, message) => sum + estimateTokens(typeof message.content === 'string' ? message.content : JSON.stringify(message.content)), 0),
    outputTokens: estimateTokens(text),
  }
}

/** After a new conversation's first answer, a language model may give it a better title than its first words. */
async function improveTitle(job: AnswerJob): Promise<void> {
  try {
    const { text } = await generateText({
      model: languageModel(job.model),
      instructions: 'Write a title of at most six words for a conversation that starts with the question below, in the language of the question. Answer with the title only, without quotes or final punctuation.',
      prompt: job.question,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(15_000),
    })
    const title = text.replace(/["«»*#]/g, '').replace(/\s+/g, ' ').trim().slice(0, 100)
    if (!title) return
    await asService((tx) =>
      tx.query(sql`update conversations set title = ${title} where id = ${job.conversationId} and workspace_id = ${job.workspaceId} and title_source = 'auto' and title = ${job.autoTitle}`),
    )
  } catch {
    // The first words stay the title.
  }
}

/**
 * Answers left "streaming" by a server that stopped mid-answer become interrupted, and their
 * conversations are unlocked. With one process (PGlite) at start, every one of them is stale.
 */
export async function interruptStaleAnswers(idleSeconds: number): Promise<number> {
  return asService(async (tx) => {
    const rows = await tx.query<{ conversation_id: string; workspace_id: string; reply_to: string | null }>(sql`
      update messages set status = 'interrupted'
       where status = 'streaming' and updated_at <= now() - make_interval(secs => ${idleSeconds})
       returning conversation_id, workspace_id, reply_to`)
    if (rows.length) await tx.query(sql`update conversations set busy_until = null where id = any(${rows.map((row) => row.conversation_id)}::uuid[])`)
    const questions = rows.filter((row) => row.reply_to)
    if (questions.length) {
      await tx.query(sql`
        select app.group_question(q.workspace_id, q.id)
          from unnest(${questions.map((row) => row.workspace_id)}::uuid[], ${questions.map((row) => row.reply_to)}::uuid[]) as q(workspace_id, id)`)
    }
    return rows.length
  })
}
