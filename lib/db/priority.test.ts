import { channel } from 'node:diagnostics_channel'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CONNECTION_ACCEPTED, REQUEST_ARRIVED, inBackground, priorityGate } from './priority'

const gates: ReturnType<typeof priorityGate>[] = []
const gate = (options?: Parameters<typeof priorityGate>[0]) => {
  const inTurn = priorityGate(options)
  gates.push(inTurn)
  return inTurn
}
afterEach(() => gates.splice(0).forEach((inTurn) => inTurn.close()))

const publish = (name: string, message: object) => channel(name).publish(message)
const turn = () => new Promise((resolve) => setImmediate(resolve))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** Holds the thread as a PGlite statement does. */
const busyFor = (ms: number) => {
  const until = performance.now() + ms
  while (performance.now() < until);
}

describe('priorityGate', () => {
  it('runs one piece of work at a time, waiting foreground work before background work', async () => {
    const inTurn = gate()
    const order: string[] = []
    let running = 0
    let most = 0
    const work = (label: string) => async () => {
      most = Math.max(most, ++running)
      await sleep(2)
      order.push(label)
      running--
    }
    let release!: () => void
    const held = inTurn(() => new Promise<void>((resolve) => (release = resolve)))
    await turn()
    const all = [
      inBackground(() => inTurn(work('answer 1'))),
      inTurn(work('question 1')),
      inBackground(() => inTurn(work('answer 2'))),
      inTurn(work('question 2')),
    ]
    release()
    await Promise.all([held, ...all])
    expect(order).toEqual(['question 1', 'question 2', 'answer 1', 'answer 2'])
    expect(most).toBe(1)
  })

  it('passes on to the next one when work fails', async () => {
    const inTurn = gate()
    await expect(inTurn(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await inTurn(async () => 'next')).toBe('next')
  })

  it('holds background work while a connection’s first request is unread, and while requests keep arriving', async () => {
    const inTurn = gate({ quietMs: 40 })
    const socket = {}
    let ranAt = 0
    const answer = inBackground(async () => {
      publish(CONNECTION_ACCEPTED, { socket })
      await inTurn(async () => void (ranAt = performance.now()))
    })
    await sleep(80)
    expect(ranAt).toBe(0)
    const readAt = performance.now()
    publish(REQUEST_ARRIVED, { request: { socket } })
    await answer
    expect(ranAt - readAt).toBeGreaterThanOrEqual(35)
    // Work that began after those requests arrived is not held for them.
    const asked = performance.now()
    const ran = await inBackground(() => inTurn(async () => performance.now()))
    expect(ran - asked).toBeLessThan(5)
  })

  it('holds background work for at most maxWaitMs', async () => {
    const inTurn = gate({ maxWaitMs: 60 })
    const started = performance.now()
    await inBackground(async () => {
      publish(CONNECTION_ACCEPTED, { socket: {} }) // a connection that never sends anything
      await inTurn(async () => undefined)
    })
    expect(performance.now() - started).toBeGreaterThanOrEqual(55)
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('lets the event loop turn once background work has run for sliceMs', async () => {
    const inTurn = gate({ sliceMs: 5 })
    const order: string[] = []
    setImmediate(() => order.push('the loop turned'))
    await Promise.all([
      inBackground(() => inTurn(async () => (busyFor(10), order.push('answer 1')))),
      inBackground(() => inTurn(async () => (busyFor(10), order.push('answer 2')))),
    ])
    expect(order).toEqual(['answer 1', 'the loop turned', 'answer 2'])
  })

  it('sees background work marked by another copy of this module, as a bundle may hold', async () => {
    const inTurn = gate()
    vi.resetModules()
    const copy = await import('./priority')
    expect(copy.inBackground).not.toBe(inBackground)
    const order: string[] = []
    let release!: () => void
    const held = inTurn(() => new Promise<void>((resolve) => (release = resolve)))
    await turn()
    const all = [copy.inBackground(() => inTurn(async () => void order.push('answer'))), inTurn(async () => void order.push('question'))]
    release()
    await Promise.all([held, ...all])
    expect(order).toEqual(['question', 'answer'])
  })
})
