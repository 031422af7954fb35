import { describe, expect, it } from 'vitest'
import { inBackground, priorityGate } from './priority'

describe('priorityGate', () => {
  it('runs one piece of work at a time, waiting foreground work before background work', async () => {
    const inTurn = priorityGate()
    const order: string[] = []
    let running = 0
    let most = 0
    const work = (label: string) => async () => {
      most = Math.max(most, ++running)
      await new Promise((resolve) => setTimeout(resolve, 2))
      order.push(label)
      running--
    }
    let release!: () => void
    const held = inTurn(() => new Promise<void>((resolve) => (release = resolve)))
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
    const inTurn = priorityGate()
    await expect(inTurn(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await inTurn(async () => 'next')).toBe('next')
  })
})
