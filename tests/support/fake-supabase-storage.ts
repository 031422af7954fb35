import { createServer, type Server } from 'node:http'
import { listen, readBody } from './loopback'

/** Supabase Storage's object API on loopback (upload, download, remove), in memory. */
export interface FakeStorage {
  url: string
  objects: Map<string, Buffer>
  close(): Promise<void>
}

export async function startFakeStorage(): Promise<FakeStorage> {
  const objects = new Map<string, Buffer>()
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request)
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://fake').pathname)
    const send = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(payload))
    }
    if (!request.headers.authorization?.startsWith('Bearer ')) return send(401, { statusCode: '401', error: 'Unauthorized', message: 'no key' })
    const match = /^\/storage\/v1\/object\/(.+)$/.exec(path)
    if (!match) return send(404, { statusCode: '404', error: 'not_found', message: path })
    const key = match[1]
    if (request.method === 'POST') {
      objects.set(key, body)
      return send(200, { Id: key, Key: key })
    }
    if (request.method === 'GET') {
      const object = objects.get(key)
      if (!object) return send(404, { statusCode: '404', error: 'not_found', message: 'Object not found' })
      response.writeHead(200, { 'content-type': 'application/octet-stream' })
      return response.end(object)
    }
    if (request.method === 'DELETE') {
      const removed = (JSON.parse(body.toString() || '{}').prefixes ?? []).filter((name: string) => objects.delete(`${key}/${name}`))
      return send(200, removed.map((name: string) => ({ name })))
    }
    send(405, { message: 'method not allowed' })
  })
  const { origin, close } = await listen(server)
  return { url: origin, objects, close }
}
