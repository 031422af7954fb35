import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The whole body of a request to a fake service. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export async function readJson(request: IncomingMessage): Promise<any> {
  const text = (await readBody(request)).toString('utf8')
  return text ? JSON.parse(text) : {}
}

/** Starts a fake service on a free port of 127.0.0.1. */
export async function listen(server: Server): Promise<{ origin: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
