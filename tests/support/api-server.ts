import { createServer, type IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import { listen } from './loopback'

type Handler = (request: Request, segment: { params: Promise<Record<string, string>> }) => Promise<Response>

/**
 * The real route handlers behind a real HTTP server on loopback, for client libraries (the
 * `ollama` and `openai` npm packages, fetch, curl) that need a URL. Each response chunk is
 * written as it comes (streams reach the client as the handlers write them), and a client that
 * goes away aborts its request, as under `next start`.
 */
export async function startApiServer(routes: Record<string, Handler>): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createServer(async (incoming, outgoing) => {
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1')
    const handler = routes[`${incoming.method} ${url.pathname}`]
    if (!handler) {
      outgoing.writeHead(404, { 'content-type': 'text/plain' }).end(`no route ${incoming.method} ${url.pathname}`)
      return
    }
    const gone = new AbortController()
    outgoing.on('close', () => gone.abort())
    const response = await handler(toRequest(incoming, url, gone.signal), { params: Promise.resolve({}) })
    outgoing.writeHead(response.status, Object.fromEntries(response.headers))
    if (!response.body) return void outgoing.end()
    const reader = response.body.getReader()
    gone.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}))
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        outgoing.write(value)
      }
    } catch {
      // the client went away
    }
    outgoing.end()
  })
  return listen(server)
}

function toRequest(incoming: IncomingMessage, url: URL, signal: AbortSignal): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value)
  const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD'
  return new Request(url, {
    method: incoming.method,
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(incoming) as ReadableStream, duplex: 'half' } : {}),
  } as RequestInit)
}
