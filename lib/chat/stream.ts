import { inBackground } from '../db'

/**
 * A stream that an async producer writes to. Parts written once the reader has gone are
 * dropped (`open()` tells the producer); the stream closes when the producer is done, and a
 * reader that cancels calls `onCancel` (to stop a model, or a stream being relayed). The
 * producer is background work (lib/db/priority.ts): requests still owed their first byte go
 * first on the embedded database.
 */
export function producedStream<T>(
  produce: (send: (part: T) => void, open: () => boolean) => Promise<void>,
  onCancel: (reason: unknown) => unknown,
): ReadableStream<T> {
  let isOpen = true
  return new ReadableStream<T>({
    start(controller) {
      const send = (part: T) => {
        if (!isOpen) return
        try {
          controller.enqueue(part)
        } catch {
          isOpen = false
        }
      }
      void inBackground(() => produce(send, () => isOpen))
        .catch((error) => console.error('[chat] a stream failed:', error))
        .finally(() => {
          if (isOpen) controller.close()
          isOpen = false
        })
    },
    async cancel(reason) {
      isOpen = false
      await onCancel(reason)
    },
  })
}
