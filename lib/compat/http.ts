import { z } from 'zod'
import { ApiError } from '../api/errors'
import type { CompatEvent } from './chat'

/** The API conversation a client names to continue (header X-Monitora-Conversation), if any. */
export function conversationHeader(request: Request): string | undefined {
  const value = request.headers.get('x-monitora-conversation')?.trim()
  if (!value) return undefined
  if (!z.uuid().safeParse(value).success) throw new ApiError('bad_request:api', 'The X-Monitora-Conversation header must be a conversation id (UUID).')
  return value
}

/**
 * A streamed response that writes each event as soon as it arrives, the end or an error last.
 * `no-transform`: a compressing proxy (or Next's own gzip) would hold the streamed text back.
 */
export function streamBody(events: ReadableStream<CompatEvent>, contentType: string, encode: (event: CompatEvent) => string): Response {
  const reader = events.getReader()
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read()
      if (done) return controller.close()
      controller.enqueue(encoder.encode(encode(value)))
      if (value.type !== 'delta') controller.close()
    },
    cancel: (reason) => reader.cancel(reason),
  })
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' } })
}
