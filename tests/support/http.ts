/** Calls route handlers in-process as a browser or an API client would. */

export const ORIGIN = 'http://localhost:3000'

type Handler = (request: Request, segment: { params: Promise<Record<string, string>> }) => Promise<Response>

export interface CallOptions {
  body?: unknown
  rawBody?: string
  /** A multipart body (the request sets its own content type). */
  form?: FormData
  headers?: Record<string, string>
  params?: Record<string, string>
  query?: Record<string, string>
  cookie?: string
  bearer?: string
  origin?: string | null
  /** The client address (sent as X-Forwarded-For): rate limits count per address. */
  ip?: string
}

export async function call(handler: Handler, method: string, path: string, options: CallOptions = {}) {
  const url = new URL(path, ORIGIN)
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value)
  const headers = new Headers(options.headers)
  if (options.body !== undefined) headers.set('content-type', 'application/json')
  if (options.cookie) headers.set('cookie', options.cookie)
  if (options.bearer) headers.set('authorization', `Bearer ${options.bearer}`)
  if (options.ip) headers.set('x-forwarded-for', options.ip)
  const origin = options.origin === undefined ? ORIGIN : options.origin
  if (origin && method !== 'GET') headers.set('origin', origin)
  const request = new Request(url, {
    method,
    headers,
    body: options.form ?? options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  })
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) })
  const text = await response.text()
  const json = text ? safeJson(text) : undefined
  return { status: response.status, headers: response.headers, json: json as any, text }
}

function safeJson(text: string) {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The `name=value` pairs of a response's Set-Cookie headers, ready for a Cookie header. */
export function cookieFrom(response: { headers: Headers }): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ')
}

export type CallResult = Awaited<ReturnType<typeof call>>

/** The error shape of the API contract: `{"error": {"code", "message", "details"?}}` and nothing else. */
export function errorOf(response: CallResult): { code: string; message: string; details?: any } {
  const body = response.json
  if (!body || typeof body !== 'object' || !body.error) throw new Error(`expected an error body, got ${response.status} ${response.text.slice(0, 300)}`)
  const keys = Object.keys(body)
  if (keys.length !== 1) throw new Error(`an error body has only "error", got ${keys.join(', ')}`)
  return body.error
}

/** `status code` of a response, e.g. "404 not_found:workspace" or "200" for a success: compact to compare in tables. */
export function outcome(response: CallResult): string {
  if (response.status < 400) return String(response.status)
  return `${response.status} ${errorOf(response).code}`
}

/** The parts of an AI SDK UI message stream (server-sent events), in order. */
export function streamParts(text: string): any[] {
  return text
    .split('\n\n')
    .map((event) => event.trim())
    .filter((event) => event.startsWith('data: ') && event !== 'data: [DONE]')
    .map((event) => JSON.parse(event.slice('data: '.length)))
}

/** The text an answer stream wrote. */
export const streamedText = (parts: any[]) =>
  parts
    .filter((part) => part.type === 'text-delta')
    .map((part) => part.delta)
    .join('')
