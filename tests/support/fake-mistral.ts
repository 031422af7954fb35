import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { listen, readJson } from './loopback'

/**
 * A scripted Mistral API on loopback for the real @ai-sdk/mistral provider. Embeddings are
 * deterministic feature-hashed bags of words (texts sharing words are close), 1024 dimensions.
 * `failNext` answers the next requests with an error status (429 with Retry-After by default).
 */
export interface FakeMistral {
  baseURL: string
  requests: { path: string; body: any }[]
  failNext(count: number, status?: number): void
  close(): Promise<void>
}

const DIMENSIONS = 1024

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

export async function startFakeMistral(): Promise<FakeMistral> {
  const requests: FakeMistral['requests'] = []
  let failures: { count: number; status: number } = { count: 0, status: 429 }
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake')
    const body = await readJson(request)
    requests.push({ path: url.pathname, body })
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
        data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(input) })),
        usage: { prompt_tokens: inputs.join(' ').split(/\s+/).length, total_tokens: inputs.join(' ').split(/\s+/).length },
      })
    }
    send(404, { message: `no route ${request.method} ${url.pathname}` })
  })
  const { origin, close } = await listen(server)
  return {
    baseURL: `${origin}/v1`,
    requests,
    failNext(count, status = 429) {
      failures = { count, status }
    },
    close,
  }
}
