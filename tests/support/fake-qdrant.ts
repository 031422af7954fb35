import { createServer, type Server } from 'node:http'
import { listen, readJson } from './loopback'

/** An in-memory Qdrant REST API on loopback: the calls @qdrant/js-client-rest makes for Monitora. */
export interface FakeQdrant {
  url: string
  points(collection: string): Map<number, { vector: number[]; payload: Record<string, unknown> }>
  close(): Promise<void>
}

type Condition = { key: string; match: { value: unknown } }
type Filter = { must?: Condition[] }

const matches = (payload: Record<string, unknown>, filter?: Filter) => (filter?.must ?? []).every((c) => payload[c.key] === c.match.value)
const cosine = (a: number[], b: number[]) => {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i]
    na += a[i] * a[i]
    nb += b[i] * b[i]
  }
  return dot / (Math.sqrt(na * nb) || 1)
}

export async function startFakeQdrant(): Promise<FakeQdrant> {
  const collections = new Map<string, Map<number, { vector: number[]; payload: Record<string, unknown> }>>()
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake')
    const body = await readJson(request)
    const send = (status: number, result: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(status < 300 ? { status: 'ok', time: 0, result } : { status: { error: String(result) }, time: 0 }))
    }
    const match = /^\/collections\/([\w-]+)(\/.*)?$/.exec(url.pathname)
    if (!match) return send(404, 'not found')
    const [, name, rest = ''] = match
    const points = collections.get(name)
    if (request.method === 'GET' && rest === '/exists') return send(200, { exists: collections.has(name) })
    if (request.method === 'PUT' && rest === '') {
      collections.set(name, new Map())
      return send(200, true)
    }
    if (!points) return send(404, `collection ${name} not found`)
    if (request.method === 'PUT' && rest === '/index') return send(200, { operation_id: 1, status: 'completed' })
    if (request.method === 'PUT' && rest === '/points') {
      for (const point of body.points) points.set(Number(point.id), { vector: point.vector, payload: point.payload })
      return send(200, { operation_id: 2, status: 'completed' })
    }
    if (request.method === 'POST' && rest === '/points/delete') {
      for (const [id, point] of points) if (matches(point.payload, body.filter)) points.delete(id)
      return send(200, { operation_id: 3, status: 'completed' })
    }
    if (request.method === 'POST' && rest === '/points/query') {
      const found = [...points]
        .filter(([, point]) => matches(point.payload, body.filter))
        .map(([id, point]) => ({ id, version: 1, score: cosine(point.vector, body.query) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, body.limit ?? 10)
      return send(200, { points: found })
    }
    send(404, `no route ${request.method} ${url.pathname}`)
  })
  const { origin, close } = await listen(server)
  return { url: origin, points: (collection) => collections.get(collection) ?? new Map(), close }
}
