import { AsyncLocalStorage } from 'node:async_hooks'

const background = new AsyncLocalStorage<true>()

/**
 * Runs `work` as background work: what a request does after its first bytes are out (an
 * answer's retrieval, streaming and saving). The embedded database runs one statement at a
 * time on this thread, so it serves requests still waiting for their first byte first.
 */
export const inBackground = <T>(work: () => T): T => background.run(true, work)

const isBackground = () => background.getStore() === true

/**
 * One statement or transaction at a time, the waiting foreground work first, the background
 * work in arrival order once none is left.
 */
export function priorityGate() {
  let busy = false
  const waiting = { foreground: [] as (() => void)[], background: [] as (() => void)[] }
  return async function run<T>(work: () => Promise<T>): Promise<T> {
    if (busy) await new Promise<void>((resolve) => waiting[isBackground() ? 'background' : 'foreground'].push(resolve))
    busy = true
    try {
      return await work()
    } finally {
      const next = waiting.foreground.shift() ?? waiting.background.shift()
      if (next) next()
      else busy = false
    }
  }
}
