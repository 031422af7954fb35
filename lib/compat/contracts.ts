import { z } from 'zod'
import { defineContract } from '../api/contract'
import type { ErrorCode } from '../api/errors'
import { citationSchema } from '../conversations/schemas'

/**
 * The Ollama-compatible API (under /ollama) and the OpenAI-compatible API (under /v1). Bodies
 * are read loosely, as those servers do: fields they define and Monitora does not use (Ollama's
 * `keep_alive`, OpenAI's `user`, `tools`…) are accepted and ignored.
 */

const MAX_BODY = 4 * 1024 * 1024
const access: ErrorCode[] = ['unauthorized:key', 'forbidden:key', 'not_found:workspace']
const chatErrors: ErrorCode[] = [...access, 'bad_request:api', 'bad_request:message', 'bad_request:model', 'bad_request:context', 'not_found:model', 'not_found:conversation', 'forbidden:conversation', 'conflict:chat', 'payload_too_large:api', 'rate_limited:model', 'unavailable:model', 'unavailable:search']
const embedErrors: ErrorCode[] = [...access, 'bad_request:api', 'bad_request:model', 'not_found:model', 'payload_too_large:api', 'rate_limited:model', 'unavailable:model']

const modelName = z.string().trim().min(1, 'name a model (GET /ollama/api/tags or GET /v1/models lists them)').max(200)
const stop = z.union([z.string().max(200), z.array(z.string().max(200)).max(8, 'at most 8 stop sequences')])
const jsonSchemaObject = z.record(z.string(), z.unknown())

export const EMBED_MAX_INPUTS = 512
export const EMBED_MAX_CHARS = 32_000
const embedText = z.string().max(EMBED_MAX_CHARS, `each text has at most ${EMBED_MAX_CHARS.toLocaleString('en')} characters`)

const extras = {
  citations: z.array(citationSchema).describe('Monitora: the sources the answer cites, numbered as its [n] markers (workspace assistants only)'),
  conversation_id: z.uuid().nullable().describe('Monitora: the conversation the answer was saved in (workspace assistants only)'),
}

// ─── Ollama ──────────────────────────────────────────────────────────────────────────────────

const ollamaOptions = z.looseObject({
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  num_predict: z.number().int().optional().describe('The most tokens to write; -1 or -2: no limit'),
  stop: stop.optional(),
  seed: z.number().int().optional(),
})

const ollamaFormat = z.union([z.literal('json'), z.literal(''), jsonSchemaObject]).optional().describe('`json`, or a JSON schema the answer follows')

const ollamaMessage = z.looseObject({
  role: z.enum(['system', 'user', 'assistant', 'tool'], 'must be system, user, assistant or tool'),
  content: z.string().max(200_000).default(''),
  images: z.array(z.string()).nullish(),
})

const ollamaStream = z.boolean().default(true).describe('false: one JSON object instead of a stream of JSON lines')

const ollamaEnd = {
  done: z.boolean(),
  done_reason: z.string().optional(),
  total_duration: z.number().optional().describe('Nanoseconds'),
  load_duration: z.number().optional(),
  prompt_eval_count: z.number().optional(),
  prompt_eval_duration: z.number().optional(),
  eval_count: z.number().optional(),
  eval_duration: z.number().optional(),
  ...extras,
}

export const ollamaChatBody = z.looseObject({
  model: modelName,
  messages: z.array(ollamaMessage).max(1000).default([]),
  stream: ollamaStream,
  format: ollamaFormat,
  options: ollamaOptions.optional(),
  keep_alive: z.union([z.string(), z.number()]).optional(),
})

export const ollamaGenerateBody = z.looseObject({
  model: modelName,
  prompt: z.string().max(200_000).default(''),
  suffix: z.string().optional(),
  system: z.string().max(200_000).optional(),
  images: z.array(z.string()).nullish(),
  stream: ollamaStream,
  format: ollamaFormat,
  options: ollamaOptions.optional(),
  keep_alive: z.union([z.string(), z.number()]).optional(),
})

const ollamaModelDetails = z.object({ parent_model: z.string(), format: z.string(), family: z.string(), families: z.array(z.string()), parameter_size: z.string(), quantization_level: z.string() })
const ollamaModel = z.object({ name: z.string(), model: z.string(), modified_at: z.string(), size: z.number(), digest: z.string(), details: ollamaModelDetails })

const ollamaContract = <C extends Omit<Parameters<typeof defineContract>[0], 'tag' | 'errorSchema'>>(contract: C) =>
  defineContract({ ...contract, tag: 'Ollama-compatible API', errorSchema: 'OllamaError' as const, maxBodyBytes: MAX_BODY })

const ollamaAuth = 'secret-key' as const
const streamNote = 'Streams `application/x-ndjson` (one JSON object a line, the last with `done: true`) unless `stream` is false. A failure after the stream began is a line `{"error": "..."}`.'

export const ollamaContracts = {
  chat: ollamaContract({
    method: 'POST',
    path: '/ollama/api/chat',
    summary: 'Chat with the workspace assistant (grounded, cited) or a model',
    description: `${streamNote} The last message is the question. With the workspace assistant, the answer is saved in an \`api\` conversation (see the README); the final object adds \`citations\` and \`conversation_id\`. Options: \`temperature\`, \`top_p\`, \`num_predict\`, \`stop\`, \`seed\`; \`format\`: \`json\` or a JSON schema. An empty \`messages\` answers at once (Ollama's "load a model").`,
    auth: ollamaAuth,
    body: ollamaChatBody,
    success: {
      status: 200,
      description: 'The answer (a stream of JSON lines, or one object)',
      contentType: 'application/x-ndjson',
      schema: z.object({ model: z.string(), created_at: z.string(), message: z.object({ role: z.literal('assistant'), content: z.string() }), ...ollamaEnd }),
    },
    errors: chatErrors,
  }),
  generate: ollamaContract({
    method: 'POST',
    path: '/ollama/api/generate',
    summary: 'Answer one prompt with the workspace assistant or a model',
    description: `${streamNote} \`system\` adds instructions. Each call with the workspace assistant is a new \`api\` conversation. An empty \`prompt\` answers at once (Ollama's "load a model"). \`suffix\` and \`images\` are refused.`,
    auth: ollamaAuth,
    body: ollamaGenerateBody,
    success: {
      status: 200,
      description: 'The answer (a stream of JSON lines, or one object)',
      contentType: 'application/x-ndjson',
      schema: z.object({ model: z.string(), created_at: z.string(), response: z.string(), ...ollamaEnd }),
    },
    errors: chatErrors,
  }),
  tags: ollamaContract({
    method: 'GET',
    path: '/ollama/api/tags',
    summary: 'The models of this key: its workspace’s assistant, the answer models and the embedding model',
    auth: ollamaAuth,
    success: { status: 200, description: 'The models', schema: z.object({ models: z.array(ollamaModel) }) },
    errors: access,
  }),
  ps: ollamaContract({
    method: 'GET',
    path: '/ollama/api/ps',
    summary: 'The models ready to answer (all of them: none needs loading)',
    auth: ollamaAuth,
    success: { status: 200, description: 'The models', schema: z.object({ models: z.array(ollamaModel.extend({ expires_at: z.string(), size_vram: z.number() })) }) },
    errors: access,
  }),
  show: ollamaContract({
    method: 'POST',
    path: '/ollama/api/show',
    summary: 'A model’s details and capabilities',
    auth: ollamaAuth,
    body: z.looseObject({ model: modelName.optional(), name: modelName.optional(), verbose: z.boolean().optional() }).refine((body) => body.model ?? body.name, { message: 'name a model', path: ['model'] }),
    success: {
      status: 200,
      description: 'The model',
      schema: z.object({ modelfile: z.string(), parameters: z.string(), template: z.string(), details: ollamaModelDetails, model_info: z.record(z.string(), z.unknown()), capabilities: z.array(z.string()), modified_at: z.string() }),
    },
    errors: [...access, 'bad_request:api', 'not_found:model'],
  }),
  pull: ollamaContract({
    method: 'POST',
    path: '/ollama/api/pull',
    summary: 'Succeeds for a model this key can use (nothing to download); 404 otherwise',
    auth: ollamaAuth,
    body: z.looseObject({ model: modelName.optional(), name: modelName.optional(), insecure: z.boolean().optional(), stream: ollamaStream }).refine((body) => body.model ?? body.name, { message: 'name a model', path: ['model'] }),
    success: { status: 200, description: '`{"status": "success"}` (streamed as JSON lines unless `stream` is false)', contentType: 'application/x-ndjson', schema: z.object({ status: z.string() }) },
    errors: [...access, 'bad_request:api', 'not_found:model'],
  }),
  embed: ollamaContract({
    method: 'POST',
    path: '/ollama/api/embed',
    summary: 'Embed texts with the embedding model (the workspace assistant’s name embeds with it too)',
    auth: ollamaAuth,
    body: z.looseObject({
      model: modelName,
      input: z.union([embedText, z.array(embedText).min(1, 'give at least one text').max(EMBED_MAX_INPUTS, `at most ${EMBED_MAX_INPUTS} texts a call`)]),
      truncate: z.boolean().optional(),
      keep_alive: z.union([z.string(), z.number()]).optional(),
    }),
    success: { status: 200, description: 'One vector per text', schema: z.object({ model: z.string(), embeddings: z.array(z.array(z.number())), total_duration: z.number(), load_duration: z.number(), prompt_eval_count: z.number() }) },
    errors: embedErrors,
  }),
  embeddings: ollamaContract({
    method: 'POST',
    path: '/ollama/api/embeddings',
    summary: 'Embed one text (Ollama’s former embeddings route)',
    auth: ollamaAuth,
    body: z.looseObject({ model: modelName, prompt: embedText, keep_alive: z.union([z.string(), z.number()]).optional() }),
    success: { status: 200, description: 'The vector', schema: z.object({ embedding: z.array(z.number()) }) },
    errors: embedErrors,
  }),
  version: defineContract({
    method: 'GET',
    path: '/ollama/api/version',
    tag: 'Ollama-compatible API',
    errorSchema: 'OllamaError',
    summary: 'The version of the Ollama API this server follows',
    auth: 'none',
    success: { status: 200, description: 'The version', schema: z.object({ version: z.string() }) },
  }),
}

// ─── OpenAI ──────────────────────────────────────────────────────────────────────────────────

const openaiContent = z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]).nullish()

const openaiMessage = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function'], 'must be system, developer, user, assistant or tool'),
  content: openaiContent,
})

const nullishNumber = (schema: z.ZodNumber) => schema.nullish()

export const openaiChatBody = z.looseObject({
  model: modelName,
  messages: z.array(openaiMessage).min(1, 'send at least the question').max(1000),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  temperature: nullishNumber(z.number().min(0).max(2)),
  top_p: nullishNumber(z.number().min(0).max(1)),
  max_tokens: nullishNumber(z.number().int().min(1)),
  max_completion_tokens: nullishNumber(z.number().int().min(1)),
  stop: stop.nullish(),
  seed: nullishNumber(z.number().int()),
  n: nullishNumber(z.number().int().min(1).max(1, 'only one choice (n = 1) is answered')),
  response_format: z
    .discriminatedUnion('type', [
      z.looseObject({ type: z.literal('text') }),
      z.looseObject({ type: z.literal('json_object') }),
      z.looseObject({ type: z.literal('json_schema'), json_schema: z.looseObject({ name: z.string().max(64), schema: jsonSchemaObject.optional() }) }),
    ])
    .nullish(),
})

const openaiUsage = z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() })
const openaiModel = z.object({ id: z.string(), object: z.literal('model'), created: z.number(), owned_by: z.string() })

const openaiContract = <C extends Omit<Parameters<typeof defineContract>[0], 'tag' | 'errorSchema' | 'auth'>>(contract: C) =>
  defineContract({ ...contract, tag: 'OpenAI-compatible API', errorSchema: 'OpenAIError' as const, auth: 'secret-key' as const, maxBodyBytes: MAX_BODY })

export const openaiContracts = {
  chat: openaiContract({
    method: 'POST',
    path: '/v1/chat/completions',
    summary: 'Chat with the workspace assistant (grounded, cited) or a model',
    description:
      'With `stream: true`, server-sent events of `chat.completion.chunk` objects, then `data: [DONE]` (with `stream_options.include_usage`, a last chunk carries the usage); a failure after the stream began is an event `{"error": {...}}`. The last message is the question. With the workspace assistant the answer is saved in an `api` conversation (see the README), and the completion (the last chunk when streaming) adds `citations` and `conversation_id`. `response_format` `json_object` or `json_schema` asks for JSON.',
    body: openaiChatBody,
    success: {
      status: 200,
      description: 'A `chat.completion` (or its chunks as server-sent events)',
      schema: z.object({
        id: z.string(),
        object: z.literal('chat.completion'),
        created: z.number(),
        model: z.string(),
        choices: z.array(z.object({ index: z.number(), message: z.object({ role: z.literal('assistant'), content: z.string(), refusal: z.null() }), logprobs: z.null(), finish_reason: z.string() })),
        usage: openaiUsage,
        ...extras,
      }),
    },
    errors: chatErrors,
  }),
  models: openaiContract({
    method: 'GET',
    path: '/v1/models',
    summary: 'The models of this key: its workspace’s assistant, the answer models and the embedding model',
    success: { status: 200, description: 'The models', schema: z.object({ object: z.literal('list'), data: z.array(openaiModel) }) },
    errors: access,
  }),
  embeddings: openaiContract({
    method: 'POST',
    path: '/v1/embeddings',
    summary: 'Embed texts with the embedding model (the workspace assistant’s name embeds with it too)',
    body: z.looseObject({
      model: modelName,
      input: z.union([embedText, z.array(embedText).min(1, 'give at least one text').max(EMBED_MAX_INPUTS, `at most ${EMBED_MAX_INPUTS} texts a call`)], 'must be a text or an array of texts (token arrays are not read)'),
      encoding_format: z.enum(['float', 'base64']).nullish(),
      dimensions: z.number().int().nullish(),
    }),
    success: {
      status: 200,
      description: 'One embedding per text (base64 of little-endian float32 with `encoding_format: base64`)',
      schema: z.object({ object: z.literal('list'), data: z.array(z.object({ object: z.literal('embedding'), index: z.number(), embedding: z.union([z.array(z.number()), z.string()]) })), model: z.string(), usage: z.object({ prompt_tokens: z.number(), total_tokens: z.number() }) }),
    },
    errors: embedErrors,
  }),
}
