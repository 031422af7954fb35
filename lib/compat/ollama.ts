import type { z } from 'zod'
import { ApiError } from '../api/errors'
import type { HandleOptions } from '../api/route'
import type { Identity } from '../db'
import { answer, collectAnswer, type AnswerEnd, type CompatAnswer, type CompatChat, type CompatMessage } from './chat'
import { conversationHeader, streamBody } from './http'
import type { ollamaChatBody, ollamaGenerateBody } from './contracts'
import { embedTexts } from './embeddings'
import { catalog, keyWorkspace, resolveModel, type Listed } from './models'

/** The Ollama API's wire format (docs/api.md of ollama/ollama) over lib/compat/chat.ts. */

/** The Ollama API version whose routes and fields this one follows. */
export const OLLAMA_VERSION = '0.12.0'

/** Ollama's error body: `{"error": "..."}`, with the status of the error's type. */
export const ollamaHandling: HandleOptions = {
  anyContentType: true,
  renderError: (error) => Response.json({ error: error.message }, { status: error.status, headers: error.headers }),
}

type Key = Identity & { kind: 'key' }
type Options = z.infer<typeof ollamaChatBody>['options']
type Format = z.infer<typeof ollamaChatBody>['format']

function generation(options: Options, format: Format): CompatChat['generation'] {
  const stop = options?.stop === undefined ? undefined : [options.stop].flat()
  return {
    temperature: options?.temperature,
    topP: options?.top_p,
    maxOutputTokens: options?.num_predict !== undefined && options.num_predict > 0 ? options.num_predict : undefined,
    stopSequences: stop,
    seed: options?.seed,
    format: format === 'json' ? 'json' : format && typeof format === 'object' ? { schema: format } : undefined,
  }
}

const refuseImages = (images: string[] | null | undefined) => {
  if (images?.length) throw new ApiError('bad_request:message', 'Images are not supported: Monitora’s models read text only.')
}

const nanoseconds = (ms: number) => Math.max(0, Math.round(ms * 1e6))

/** The statistics of the last object, in nanoseconds as Ollama counts them. */
function endFields(end: AnswerEnd, answer: CompatAnswer, firstTokenAt: number | null) {
  const now = performance.now()
  const first = firstTokenAt ?? now
  return {
    done_reason: end.finishReason === 'length' ? 'length' : 'stop',
    done: true,
    total_duration: nanoseconds(now - answer.startedAt),
    load_duration: 0,
    prompt_eval_count: end.usage.input,
    prompt_eval_duration: nanoseconds(first - answer.startedAt),
    eval_count: end.usage.output,
    eval_duration: nanoseconds(now - first),
    ...(answer.kind === 'workspace' ? { citations: end.citations, conversation_id: end.conversationId } : {}),
  }
}

type Shape = (text: string) => Record<string, unknown>
const chatShape: Shape = (text) => ({ message: { role: 'assistant', content: text } })
const generateShape: Shape = (text) => ({ response: text })

async function respond(answered: CompatAnswer, model: string, stream: boolean, shape: Shape): Promise<Response> {
  const head = () => ({ model, created_at: new Date().toISOString() })
  if (!stream) {
    const { text, end } = await collectAnswer(answered.events)
    return Response.json({ ...head(), ...shape(text), ...endFields(end, answered, null) })
  }
  let firstTokenAt: number | null = null
  return streamBody(answered.events, 'application/x-ndjson', (event) => {
    if (event.type === 'delta') {
      firstTokenAt ??= performance.now()
      return `${JSON.stringify({ ...head(), ...shape(event.text), done: false })}\n`
    }
    if (event.type === 'error') return `${JSON.stringify({ error: event.error.message })}\n`
    return `${JSON.stringify({ ...head(), ...shape(''), ...endFields(event, answered, firstTokenAt) })}\n`
  })
}

/** Ollama's "load a model" (no messages or prompt): the model must exist; nothing is answered. */
async function loaded(identity: Key, model: string, keepAlive: string | number | undefined, shape: Shape): Promise<Response> {
  resolveModel(model, await keyWorkspace(identity))
  const unload = keepAlive === 0 || keepAlive === '0'
  return Response.json({ model, created_at: new Date().toISOString(), ...shape(''), done_reason: unload ? 'unload' : 'load', done: true })
}

export async function chat(identity: Key, body: z.infer<typeof ollamaChatBody>, request: Request): Promise<Response> {
  if (!body.messages.length) return loaded(identity, body.model, body.keep_alive, chatShape)
  const messages = body.messages.map((message): CompatMessage => {
    if (message.role === 'tool') throw new ApiError('bad_request:message', 'Tool messages are not supported: Monitora’s answers call no tools of the client.')
    refuseImages(message.images)
    return { role: message.role, text: message.content }
  })
  const answered = await answer(identity, { model: body.model, messages, generation: generation(body.options, body.format), conversationId: conversationHeader(request) })
  return respond(answered, body.model, body.stream, chatShape)
}

export async function generate(identity: Key, body: z.infer<typeof ollamaGenerateBody>): Promise<Response> {
  refuseImages(body.images)
  if (body.suffix) throw new ApiError('bad_request:message', 'A suffix (filling in the middle of code) is not supported: send the prompt alone.')
  if (!body.prompt.trim()) return loaded(identity, body.model, body.keep_alive, generateShape)
  const messages: CompatMessage[] = [...(body.system ? [{ role: 'system' as const, text: body.system }] : []), { role: 'user', text: body.prompt }]
  const answered = await answer(identity, { model: body.model, messages, generation: generation(body.options, body.format) })
  return respond(answered, body.model, body.stream, generateShape)
}

function described(model: Listed, modifiedAt: Date) {
  const tagged = model.name.includes(':') ? model.name : `${model.name}:latest`
  return {
    name: tagged,
    model: tagged,
    modified_at: modifiedAt.toISOString(),
    size: 0,
    digest: model.parent.replace(/[^a-z0-9]/gi, '').padEnd(64, '0').slice(0, 64).toLowerCase(),
    details: { parent_model: model.parent, format: 'api', family: model.family, families: [model.family], parameter_size: '', quantization_level: '' },
  }
}

export async function tags(identity: Key) {
  const workspace = await keyWorkspace(identity)
  return { models: catalog(workspace).map((model) => described(model, workspace.updatedAt)) }
}

export async function ps(identity: Key) {
  const workspace = await keyWorkspace(identity)
  const expires = new Date(Date.now() + 24 * 3600 * 1000).toISOString()
  return { models: catalog(workspace).map((model) => ({ ...described(model, workspace.updatedAt), expires_at: expires, size_vram: 0 })) }
}

export async function show(identity: Key, requested: string) {
  const workspace = await keyWorkspace(identity)
  const target = resolveModel(requested, workspace)
  const model = catalog(workspace).find((listed) => listed.name === target.name)!
  const capabilities = target.kind === 'embedding' ? ['embedding'] : ['completion']
  const isAssistant = target.kind === 'workspace'
  return {
    modelfile: `# ${isAssistant ? `The assistant of the workspace "${workspace.name}": answers from its documents, with citations` : `${model.family} model`}\nFROM ${model.parent}\n`,
    parameters: isAssistant ? `temperature ${workspace.temperature}` : '',
    template: '',
    ...(isAssistant && workspace.systemPrompt ? { system: workspace.systemPrompt } : {}),
    details: described(model, workspace.updatedAt).details,
    model_info: { 'general.architecture': model.family, ...(model.contextTokens ? { [`${model.family}.context_length`]: model.contextTokens } : {}) },
    capabilities,
    modified_at: workspace.updatedAt.toISOString(),
  }
}

export async function pull(identity: Key, requested: string, stream: boolean): Promise<Response> {
  resolveModel(requested, await keyWorkspace(identity))
  if (!stream) return Response.json({ status: 'success' })
  const lines = [{ status: 'pulling manifest' }, { status: 'success' }].map((line) => `${JSON.stringify(line)}\n`).join('')
  return new Response(lines, { headers: { 'content-type': 'application/x-ndjson' } })
}

export async function embed(identity: Key, model: string, input: string | string[], signal: AbortSignal) {
  const started = performance.now()
  const result = await embedTexts(identity, model, [input].flat(), signal)
  return { model, embeddings: result.vectors, total_duration: nanoseconds(performance.now() - started), load_duration: 0, prompt_eval_count: result.tokens }
}

export async function embeddings(identity: Key, model: string, prompt: string, signal: AbortSignal) {
  const result = await embedTexts(identity, model, [prompt], signal)
  return { embedding: result.vectors[0] }
}
