/** A webhook receiver on loopback that records what it is sent and answers as told. */
import { createServer, type IncomingHttpHeaders } from 'node:http'
import { listen, readBody } from './loopback'

export interface Received {
  headers: IncomingHttpHeaders
  body: string
}

export type Behaviour = { status: number; delayMs?: number; location?: string; bodyBytes?: number }

export async function webhookReceiver() {
  const received: Received[] = []
  let behaviour: Behaviour = { status: 200 }
  const server = createServer(async (request, response) => {
    const body = (await readBody(request)).toString('utf8')
    received.push({ headers: request.headers, body })
    const { status, delayMs, location, bodyBytes } = behaviour
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs))
    if (response.destroyed) return
    response.writeHead(status, location ? { location } : { 'content-type': 'text/plain' })
    response.end(bodyBytes ? Buffer.alloc(bodyBytes, 'x') : 'ok')
  })
  const { origin, close } = await listen(server)
  return {
    url: `${origin}/hooks/monitora`,
    origin,
    received,
    answer(next: Behaviour) {
      behaviour = next
    },
    close: () => {
      server.closeAllConnections()
      return close()
    },
  }
}
