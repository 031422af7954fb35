/**
 * What was read from the database in the last few seconds, kept so that a burst of requests
 * does not read it again each. An entry lasts `ms`, or less when what it holds ends sooner
 * (`notAfter`, epoch ms); the oldest goes first when `max` are kept. One map per process,
 * under `name`: the bundler may copy a module into several chunks, and each copy must see
 * what the others kept and forgot.
 */
export function recentlyRead<V>(name: string, { ms, max = 10_000 }: { ms: number; max?: number }) {
  const shared = globalThis as typeof globalThis & Record<string, Map<string, { value: V; until: number }> | undefined>
  const kept = (shared[name] ??= new Map())
  return {
    get(key: string): V | undefined {
      const entry = kept.get(key)
      if (entry && entry.until > Date.now()) return entry.value
      kept.delete(key)
      return undefined
    },
    keep(key: string, value: V, notAfter = Infinity): void {
      kept.delete(key)
      if (kept.size >= max) kept.delete(kept.keys().next().value!)
      kept.set(key, { value, until: Math.min(Date.now() + ms, notAfter) })
    },
    forget(key: string): void {
      kept.delete(key)
    },
    forgetAll(): void {
      kept.clear()
    },
  }
}
