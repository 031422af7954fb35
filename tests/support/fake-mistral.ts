import { createHash } from 'node:crypto'
import { createServer, type ServerResponse, type Server } from 'node:http'
import { listen, readJson } from './loopback'

/**
 * A scripted Mistral API on loopback for the real @ai-sdk/mistral provider (and the real
 * @ai-sdk/openai-compatible provider, which speaks the same chat completions wire format).
 *
 * Embeddings are deterministic feature-hashed bags of words (texts sharing words are close),
 * 1024 dimensions. `failNext` answers the next requests (of any route, chat included) with an
 * error status (429 with Retry-After by default); its body is not Mistral's whole error shape, so
 * @ai-sdk/mistral reports the HTTP status text: script an `ErrorReply` to test chat errors.
 *
 * Chat completions (POST /v1/chat/completions) answer the replies queued by `script`, in order,
 * then `defaultReply`; `stream: true` gets Server-Sent Events as Mistral sends them (a first
 * chunk with the role, one chunk per text delta, tool calls whole in one delta, a last chunk
 * with the finish reason and the usage, then `data: [DONE]`), `stream: false` one JSON
 * `chat.completion`.
 */
export interface FakeMistral {
  baseURL: string
  /** Every request in order, with `at`: performance.now() when it arrived, before its body was read. */
  requests: { path: string; body: any; at: number }[]
  failNext(count: number, status?: number): void
  /** Queues replies for the next chat completion requests, consumed in order. */
  script(...replies: ChatReply[]): void
  /** The reply when the script is empty. */
  defaultReply: ChatReply
  /** The vector of a text on /v1/embeddings; fakeEmbedding unless a test scripts meanings. */
  embedding: (text: string) => number[]
  /** The bodies of the chat completion requests, in order of arrival. */
  chatRequests(): any[]
  /** When each chat completion request arrived (performance.now(), same order as `chatRequests()`): for benches in the same process. */
  chatArrivals(): number[]
  /** When the first text delta of each streamed reply was written to its socket (performance.now(), in order): for benches in the same process. */
  firstDeltaTimes(): number[]
  /** Chat requests whose client closed the connection before the reply ended. */
  readonly aborted: number
  /** Ends the streams still open (hanging ones included), then stops the server. */
  close(): Promise<void>
}

export interface StreamOptions {
  /** Characters (code points) per text delta; 4 by default. */
  chunkSize?: number
  /** Pause between two text deltas: a fixed rate. */
  delayMs?: number
  /** Pause before the first chunk (the response headers go out at once): a slow model. */
  firstDelayMs?: number
  /** Token counts; by default the words of the messages and the number of deltas (+1 per tool call). */
  usage?: { prompt: number; completion: number }
}

export type TextReply = StreamOptions & {
  text: string
  /**
   * Streams that many characters, then destroys the socket: no finish reason, no [DONE].
   * Without streaming: that many characters of the JSON document, then the same.
   */
  dropAfterChars?: number
  /** As `dropAfterChars`, but then sends nothing more until the client aborts or the fake closes. */
  hangAfterChars?: number
}

export interface FakeToolCall {
  name: string
  /** An object is sent as its JSON; a string as is (to send malformed arguments). */
  arguments: object | string
  /** 9 alphanumerics as Mistral makes them; `call00001`, `call00002`… by default. */
  id?: string
}

export type ToolCallReply = StreamOptions & { toolCalls: FakeToolCall[]; text?: string }

/** An HTTP error answered before any stream, with a body both providers parse for its message. */
export interface ErrorReply {
  status: number
  message?: string
  /** Sent as `retry-after-ms`, which the AI SDK's retries honour (otherwise they wait 2 s, 4 s…). */
  retryAfterMs?: number
}

/** A function decides from the request body (one that throws answers a 500 naming its error). */
export type ChatReply = TextReply | ToolCallReply | ErrorReply | ((body: any) => ChatReply | Promise<ChatReply>)

const DIMENSIONS = 1024
const CHAT_PATH = '/v1/chat/completions'

export function fakeEmbedding(text: string): number[] {
  const vector = new Array<number>(DIMENSIONS).fill(0)
  const words = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().match(/[a-z0-9]+/g) ?? []
  for (const word of words) {
    const digest = createHash('sha256').update(word).digest()
    for (let i = 0; i < 8; i++) vector[digest.readUInt16BE(i * 2) % DIMENSIONS] += digest[16 + i] & 1 ? 1 : -1
  }
  const norm = Math.hypot(...vector) || 1
  return vector.map((value) => value / norm)
}

/** The text of a chat message's content: a string, or parts of which the text ones count. */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content.map((part) => (part?.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('')
}

/** The text of the last user message of a chat request body, to decide a reply from it. */
export function lastUserText(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : []
  const last = messages.findLast((message) => message?.role === 'user')
  return last ? messageText(last.content) : ''
}

function promptTokens(body: any): number {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : []
  return messages.reduce((sum, message) => sum + (messageText(message?.content).match(/\S+/g)?.length ?? 0), 0)
}

function split(text: string, size: number): string[] {
  const chars = Array.from(text)
  const deltas: string[] = []
  for (let i = 0; i < chars.length; i += size) deltas.push(chars.slice(i, i + size).join(''))
  return deltas
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done)
  })
}

const ERROR_TYPES: Record<number, string> = { 400: 'invalid_request_error', 401: 'unauthorized', 429: 'rate_limited' }
const ERROR_MESSAGES: Record<number, string> = { 400: 'Invalid request', 401: 'Unauthorized', 429: 'Requests rate limit exceeded', 500: 'Internal server error', 503: 'Service unavailable' }

export async function startFakeMistral(): Promise<FakeMistral> {
  const requests: FakeMistral['requests'] = []
  let failures: { count: number; status: number } = { count: 0, status: 429 }
  const queue: ChatReply[] = []
  let aborted = 0
  let toolCallCount = 0
  const firstDeltas: number[] = []
  /** Chat responses in progress, which `close` ends. */
  const open = new Set<{ response: ServerResponse; endedByFake: boolean }>()

  const fake: FakeMistral = {
    baseURL: '',
    requests,
    defaultReply: { text: 'Réponse de test.' },
    embedding: fakeEmbedding,
    failNext(count, status = 429) {
      failures = { count, status }
    },
    script(...replies) {
      queue.push(...replies)
    },
    chatRequests() {
      return requests.filter((r) => r.path === CHAT_PATH).map((r) => r.body)
    },
    chatArrivals() {
      return requests.filter((r) => r.path === CHAT_PATH).map((r) => r.at)
    },
    firstDeltaTimes() {
      return [...firstDeltas]
    },
    get aborted() {
      return aborted
    },
    close: async () => {},
  }

  async function chat(body: any, response: ServerResponse) {
    const state = { response, endedByFake: false }
    open.add(state)
    const gone = new AbortController()
    response.on('close', () => {
      open.delete(state)
      gone.abort()
      if (!response.writableFinished && !state.endedByFake) aborted++
    })
    let reply = queue.length > 0 ? queue.shift()! : fake.defaultReply
    try {
      while (typeof reply === 'function') reply = await reply(body)
    } catch (error) {
      reply = { status: 500, message: `The scripted reply function threw: ${error instanceof Error ? error.message : String(error)}` }
    }
    if (gone.signal.aborted) return

    if ('status' in reply) {
      const message = reply.message ?? ERROR_MESSAGES[reply.status] ?? `Error ${reply.status}`
      const type = ERROR_TYPES[reply.status] ?? 'internal_server_error'
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (reply.retryAfterMs != null) headers['retry-after-ms'] = String(reply.retryAfterMs)
      response.writeHead(reply.status, headers)
      // Mistral's error shape, plus the OpenAI one under `error` for @ai-sdk/openai-compatible.
      response.end(JSON.stringify({ object: 'error', message, type, param: null, code: String(reply.status), error: { message, type, param: null, code: String(reply.status) } }))
      return
    }

    const text = reply.text ?? ''
    const toolCalls = 'toolCalls' in reply ? reply.toolCalls : []
    const { dropAfterChars, hangAfterChars } = reply as TextReply
    const cut = dropAfterChars ?? hangAfterChars
    const deltas = split(cut != null ? Array.from(text).slice(0, cut).join('') : text, Math.max(1, reply.chunkSize ?? 4))
    const wireToolCalls = toolCalls.map((call) => ({
      id: call.id ?? `call${String(++toolCallCount).padStart(5, '0')}`,
      type: 'function',
      function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
    }))
    const finishReason = toolCalls.length > 0 ? 'tool_calls' : 'stop'
    const counts = reply.usage ?? { prompt: promptTokens(body), completion: split(text, Math.max(1, reply.chunkSize ?? 4)).length + toolCalls.length }
    const usage = { prompt_tokens: counts.prompt, completion_tokens: counts.completion, total_tokens: counts.prompt + counts.completion }
    const id = `cmpl-${requests.length}`
    const created = Math.floor(Date.now() / 1000)
    const model = body.model ?? 'mistral-small-latest'

    // Leaves the response open: until the client aborts or the fake closes.
    const hang = () => new Promise<void>((resolve) => (gone.signal.aborted ? resolve() : gone.signal.addEventListener('abort', () => resolve(), { once: true })))
    // Destroys the connection once what was written has gone out.
    const drop = () => {
      state.endedByFake = true
      response.socket?.end(() => response.destroy())
    }
    // Resolves once the chunk went out, or at once when the client is gone.
    const write = (chunk: string) =>
      new Promise<void>((resolve) => {
        if (gone.signal.aborted) return resolve()
        const done = () => {
          gone.signal.removeEventListener('abort', done)
          resolve()
        }
        gone.signal.addEventListener('abort', done)
        response.write(chunk, done)
      })

    if (!body.stream) {
      const json = JSON.stringify({
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: text, tool_calls: wireToolCalls.length > 0 ? wireToolCalls : null }, finish_reason: finishReason }],
        usage,
      })
      await sleep(reply.firstDelayMs ?? 0, gone.signal)
      if (gone.signal.aborted) return
      if (cut == null) {
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(json)
        return
      }
      // Without a stream, a cut reply is the start of the JSON document: then a drop, or a hang.
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)) })
      await write(json.slice(0, Math.min(cut, json.length - 1)))
      if (dropAfterChars != null) return drop()
      return hang()
    }

    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
    response.flushHeaders()
    const event = (delta: object, finish: string | null = null, withUsage = false) =>
      write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }], ...(withUsage ? { usage } : {}) })}\n\n`)

    await sleep(reply.firstDelayMs ?? 0, gone.signal)
    if (gone.signal.aborted) return
    await event({ role: 'assistant', content: '' })
    for (const [index, delta] of deltas.entries()) {
      if (index > 0) await sleep(reply.delayMs ?? 0, gone.signal)
      if (gone.signal.aborted) return
      if (index === 0) firstDeltas.push(performance.now())
      await event({ content: delta })
    }
    if (dropAfterChars != null) return drop()
    if (hangAfterChars != null) return hang()
    // Mistral sends the tool calls whole, in one delta, with an index each.
    if (wireToolCalls.length > 0) await event({ content: '', tool_calls: wireToolCalls.map((call, index) => ({ ...call, index })) })
    await event({ content: '' }, finishReason, true)
    response.end('data: [DONE]\n\n')
  }

  const server: Server = createServer(async (request, response) => {
    const at = performance.now()
    const url = new URL(request.url ?? '/', 'http://fake')
    const body = await readJson(request)
    requests.push({ path: url.pathname, body, at })
    const send = (status: number, payload: object, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers })
      response.end(JSON.stringify(payload))
    }
    if (failures.count > 0) {
      failures.count--
      return send(failures.status, { object: 'error', message: failures.status === 429 ? 'Requests rate limit exceeded' : 'Internal error', type: 'error' }, { 'retry-after-ms': '20' })
    }
    if (request.method === 'POST' && url.pathname === '/v1/embeddings') {
      const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input]
      return send(200, {
        id: `embd-${requests.length}`,
        object: 'list',
        model: body.model,
        data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: fake.embedding(input) })),
        usage: { prompt_tokens: inputs.join(' ').split(/\s+/).length, total_tokens: inputs.join(' ').split(/\s+/).length },
      })
    }
    if (request.method === 'POST' && url.pathname === CHAT_PATH) return chat(body, response)
    send(404, { message: `no route ${request.method} ${url.pathname}` })
  })
  const { origin, close } = await listen(server)
  fake.baseURL = `${origin}/v1`
  fake.close = async () => {
    for (const state of open) {
      state.endedByFake = true
      state.response.destroy()
    }
    server.closeAllConnections()
    await close()
  }
  return fake
}
