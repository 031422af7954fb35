import { AsyncLocalStorage } from 'node:async_hooks'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'

/**
 * When the current background work began (performance.now()). One store per process: the
 * bundler may copy this module into several chunks, and the gate (opened with the database)
 * must see what the routes marked.
 */
const shared = globalThis as typeof globalThis & { monitoraBackground?: AsyncLocalStorage<number> }
const background = (shared.monitoraBackground ??= new AsyncLocalStorage<number>())

/**
 * Runs `work` as background work: what a request does after its first bytes are out (an
 * answer's saving, retrieval and streaming). The embedded database runs one statement at a
 * time on this thread, so it serves requests still waiting for their first byte first.
 */
export const inBackground = <T>(work: () => T): T => background.run(performance.now(), work)

/** Node publishes here as soon as it has read a request's headers… */
export const REQUEST_ARRIVED = 'http.server.request.start'
/** …and here when its server accepts a connection, whose first request may still be unread. */
export const CONNECTION_ACCEPTED = 'net.server.socket'

export interface GateOptions {
  /** Background work waits until no request has arrived for this long… */
  quietMs?: number
  /** …but never longer than this at once. */
  maxWaitMs?: number
  /** Background work runs at most this long before the event loop turns. */
  sliceMs?: number
}

/** A connection whose first request is still unread after this long is idle, not arriving. */
const UNREAD_FOR_AT_MOST_MS = 1000

/**
 * One statement or transaction at a time, for a database that answers synchronously on this
 * thread (PGlite): what runs here blocks everything else, the reading of new requests included.
 *
 * Foreground work (a request before its first byte) goes first. Background work lets the event
 * loop turn every `sliceMs`, so that requests that came in are read; and background work that
 * began before other requests arrived waits while they arrive: while connections are accepted
 * whose request is not read yet, and until none was read for `quietMs`. A burst of requests is
 * thus read and answered its first bytes before the answers already under way go on; each wait
 * is capped, so a steady stream of requests slows background work but never stops it.
 */
export function priorityGate({ quietMs = 20, maxWaitMs = 2000, sliceMs = 5 }: GateOptions = {}) {
  interface Waiter {
    /** When its background work began; undefined for foreground work. */
    since: number | undefined
    queuedAt: number
    resume: () => void
  }
  const queue = { foreground: [] as Waiter[], background: [] as Waiter[] }
  let busy = false
  let lastArrival = -Infinity
  /** When the background work that ran since the event loop last turned began. */
  let sliceStart: number | null = null
  let wake: ReturnType<typeof setTimeout> | undefined
  /** Connections accepted whose first request is not read yet (until they are a second old). */
  const unread = new Map<object, number>()
  /** Until when a connection's unread request holds background work, if one does. */
  const unreadUntil = (now: number): number | null => {
    let until: number | null = null
    for (const [socket, at] of unread) {
      if (now - at > UNREAD_FOR_AT_MOST_MS) unread.delete(socket)
      else until = Math.max(until ?? 0, at + UNREAD_FOR_AT_MOST_MS)
    }
    return until
  }
  const accepted = (message: unknown) => {
    const now = performance.now()
    unreadUntil(now) // forgets the idle ones, so that connections that never speak are not kept
    unread.set((message as { socket: object }).socket, now)
    lastArrival = now
  }
  const arrived = (message: unknown) => {
    unread.delete((message as { request: { socket: object } }).request.socket)
    lastArrival = performance.now()
    dispatch()
  }
  subscribe(REQUEST_ARRIVED, arrived)
  subscribe(CONNECTION_ACCEPTED, accepted)

  /** How long the next background work must wait: 0, some milliseconds, or until the loop turns (null). */
  function backgroundDelay(next: Waiter, now: number): number | null {
    if (lastArrival > next.since!) {
      const until = Math.min(Math.max(lastArrival + quietMs, unreadUntil(now) ?? 0), next.queuedAt + maxWaitMs)
      if (until > now) return Math.max(1, until - now)
    }
    return sliceStart !== null && now - sliceStart >= sliceMs ? null : 0
  }

  function dispatch() {
    if (busy) return
    const next = queue.foreground.shift() ?? queue.background[0]
    if (!next) return
    if (next.since !== undefined) {
      const delay = backgroundDelay(next, performance.now())
      if (delay !== 0) {
        clearTimeout(wake)
        wake = delay === null ? undefined : setTimeout(dispatch, delay)
        return
      }
      queue.background.shift()
      if (sliceStart === null) {
        sliceStart = performance.now()
        setImmediate(() => {
          sliceStart = null
          dispatch()
        })
      }
    }
    busy = true
    next.resume()
  }

  async function run<T>(work: () => Promise<T>): Promise<T> {
    const since = background.getStore()
    await new Promise<void>((resume) => {
      queue[since === undefined ? 'foreground' : 'background'].push({ since, queuedAt: performance.now(), resume })
      dispatch()
    })
    try {
      return await work()
    } finally {
      busy = false
      dispatch()
    }
  }
  run.close = () => {
    clearTimeout(wake)
    unsubscribe(REQUEST_ARRIVED, arrived)
    unsubscribe(CONNECTION_ACCEPTED, accepted)
  }
  return run
}
