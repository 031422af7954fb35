import { afterEach, describe, expect, it, vi } from 'vitest'
import { recentlyRead } from './recent'

afterEach(() => vi.restoreAllMocks())

describe('recentlyRead', () => {
  it('keeps a value for its time, or until what it holds ends, and forgets on demand', () => {
    const recent = recentlyRead<string>(`test-${crypto.randomUUID()}`, { ms: 1_000 })
    const now = Date.now()
    recent.keep('a', 'A')
    recent.keep('b', 'B', now + 100)
    recent.keep('c', 'C')
    expect([recent.get('a'), recent.get('b'), recent.get('c')]).toEqual(['A', 'B', 'C'])
    vi.spyOn(Date, 'now').mockReturnValue(now + 500)
    expect([recent.get('a'), recent.get('b')]).toEqual(['A', undefined])
    recent.forget('a')
    expect(recent.get('a')).toBeUndefined()
    recent.forgetAll()
    expect(recent.get('c')).toBeUndefined()
    vi.spyOn(Date, 'now').mockReturnValue(now + 1_001)
    recent.keep('d', 'D')
    expect(recent.get('d')).toBe('D')
  })

  it('lets the oldest kept go first when full, a value kept again counting as new', () => {
    const recent = recentlyRead<number>(`test-${crypto.randomUUID()}`, { ms: 60_000, max: 2 })
    recent.keep('a', 1)
    recent.keep('b', 2)
    recent.keep('a', 3)
    recent.keep('c', 4)
    expect([recent.get('a'), recent.get('b'), recent.get('c')]).toEqual([3, undefined, 4])
  })

  it('is one map per process under its name, as the bundler’s copies of a module need', () => {
    const name = `test-${crypto.randomUUID()}`
    recentlyRead<string>(name, { ms: 1_000 }).keep('k', 'v')
    expect(recentlyRead<string>(name, { ms: 1_000 }).get('k')).toBe('v')
  })
})
