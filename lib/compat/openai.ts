import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { ApiError, type ErrorType } from '../api/errors'
import type { HandleOptions } from '../api/route'
import type { Identity } from '../db'
import { answer, collectAnswer, type AnswerEnd, type CompatAnswer, type CompatMessage } from './chat'
import type { openaiChatBody } from './contracts'
import { embedTexts } from './embeddings'
import { conversationHeader, streamBody } from './http'
import { catalog, keyWorkspace } from './models'

/** The OpenAI API's wire format (chat completions, models, embeddings) over lib/compat/chat.ts. */

const openaiTypes: Partial<Record<ErrorType, string>> = {
  bad_request: 'invalid_request_error',
  unauthorized: 'authentication_error',
  forbidden: 'permission_error',
  not_found: 'invalid_request_error',
  conflict: 'invalid_request_error',
  payload_too_large: 'invalid_request_error',
  unsupported_media_type: 'invalid_request_error',
  rate_limited: 'rate_limit_error',
}

/** OpenAI's own codes where it has one that clients react to; Monitora's `type:surface` code otherwise. */
const openaiCodes: Record<string, string> = {
  'unauthorized:key': 'invalid_api_key',
  'not_found:model': 'model_not_found',
  'bad_request:context': 'context_length_exceeded',
  'rate_limited:model': 'rate_limit_exceeded',
}

const openaiError = (error: ApiError) => ({
  error: {
    message: error.message,
    type: openaiTypes[error.code.split(':')[0] as ErrorType] ?? 'api_error',
    param: error.code.endsWith(':model') && error.status === 404 ? 'model' : null,
    code: openaiCodes[error.code] ?? error.code,
  },
})

/** OpenAI's error body: `{"error": {"message", "type", "param", "code"}}`, with the status of the error's type. */
export const openaiHandling: HandleOptions = {
  renderError: (error) => Response.json(openaiError(error), { status: error.status, headers: error.headers }),
}

type Key = Identity & { kind: 'key' }
type Body = z.infer<typeof openaiChatBody>

function textOf(content: Body['messages'][number]['content']): string {
  if (typeof content === 'string' || content == null) return content ?? ''
  return content
    .map((part) => {
      if (part.type !== 'text') throw new ApiError('bad_request:message', `Message parts of type "${part.type}" are not supported: Monitora’s models read text only.`)
      return part.text ?? ''
    })
    .join('')
}

function messagesOf(body: Body): CompatMessage[] {
  return body.messages.map((message) => {
    if (message.role === 'tool' || message.role === 'function') throw new ApiError('bad_request:message', 'Tool messages are not supported: Monitora’s answers call no tools of the client.')
    return { role: message.role === 'developer' ? 'system' : message.role, text: textOf(message.content) }
  })
}

const usageOf = (end: AnswerEnd) => ({ prompt_tokens: end.usage.input, completion_tokens: end.usage.output, total_tokens: end.usage.input + end.usage.output })
const extrasOf = (answered: CompatAnswer, end: AnswerEnd) => (answered.kind === 'workspace' ? { citations: end.citations, conversation_id: end.conversationId } : {})

export async function chatCompletions(identity: Key, body: Body, request: Request): Promise<Response | object> {
  const format = body.response_format
  const answered = await answer(identity, {
    model: body.model,
    messages: messagesOf(body),
    generation: {
      temperature: body.temperature ?? undefined,
      topP: body.top_p ?? undefined,
      maxOutputTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
      stopSequences: body.stop == null ? undefined : [body.stop].flat(),
      seed: body.seed ?? undefined,
      format: format?.type === 'json_object' ? 'json' : format?.type === 'json_schema' ? (format.json_schema.schema ? { schema: format.json_schema.schema } : 'json') : undefined,
    },
    conversationId: conversationHeader(request),
  })
  const id = `chatcmpl-${randomUUID().replaceAll('-', '')}`
  const created = Math.floor(Date.now() / 1000)
  if (!body.stream) {
    const { text, end } = await collectAnswer(answered.events)
    return {
      id,
      object: 'chat.completion',
      created,
      model: answered.model,
      choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: end.finishReason }],
      usage: usageOf(end),
      ...extrasOf(answered, end),
    }
  }
  const chunk = (fields: object) => `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: answered.model, ...fields })}\n\n`
  let first = true
  return streamBody(answered.events, 'text/event-stream', (event) => {
    if (event.type === 'delta') {
      const delta = first ? { role: 'assistant', content: event.text } : { content: event.text }
      first = false
      return chunk({ choices: [{ index: 0, delta, logprobs: null, finish_reason: null }] })
    }
    if (event.type === 'error') return `data: ${JSON.stringify(openaiError(event.error))}\n\n`
    const usage = body.stream_options?.include_usage ? chunk({ choices: [], usage: usageOf(event) }) : ''
    return `${chunk({ choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: event.finishReason }], ...extrasOf(answered, event) })}${usage}data: [DONE]\n\n`
  })
}

export async function models(identity: Key) {
  const workspace = await keyWorkspace(identity)
  const created = Math.floor(workspace.updatedAt.getTime() / 1000)
  return { object: 'list', data: catalog(workspace).map((model) => ({ id: model.name, object: 'model', created, owned_by: model.family })) }
}

/** Little-endian float32, as OpenAI's base64 embeddings are. */
const base64Of = (vector: number[]) => Buffer.from(new Float32Array(vector).buffer).toString('base64')

export async function embeddings(identity: Key, model: string, input: string | string[], encoding: 'float' | 'base64' | null | undefined, signal: AbortSignal) {
  const { vectors, tokens } = await embedTexts(identity, model, [input].flat(), signal)
  return {
    object: 'list',
    data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: encoding === 'base64' ? base64Of(vector) : vector })),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  }
}
