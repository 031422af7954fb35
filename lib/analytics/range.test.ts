import { describe, expect, it } from 'vitest'
import { histogramPercentile } from '.'
import { resolveRange } from './range'
import { lastWeek } from './reports'

describe('date ranges', () => {
  const now = new Date('2026-11-22T15:00:00Z')

  it('default to the last 30 days, and fill a missing end', () => {
    expect(resolveRange({}, now)).toEqual({ from: '2026-10-24', to: '2026-11-22', days: 30 })
    expect(resolveRange({ to: '2026-03-31' }, now)).toEqual({ from: '2026-03-02', to: '2026-03-31', days: 30 })
    expect(resolveRange({ from: '2024-02-01' }, now)).toEqual({ from: '2024-02-01', to: '2024-03-01', days: 30 })
    expect(resolveRange({ from: '2026-11-22', to: '2026-11-22' }, now).days).toBe(1)
  })

  it('accept a year and refuse longer or reversed ones', () => {
    expect(resolveRange({ from: '2024-01-01', to: '2024-12-31' }, now).days).toBe(366)
    expect(() => resolveRange({ from: '2024-01-01', to: '2025-01-01' }, now)).toThrow(/367 days; choose at most 366/)
    expect(() => resolveRange({ from: '2026-01-02', to: '2026-01-01' }, now)).toThrow(/reversed/)
  })

  it('make weekly reports of the last whole week, Monday to Sunday', () => {
    expect(lastWeek(new Date('2026-11-22T23:59:00Z'))).toEqual({ from: '2026-11-09', to: '2026-11-15', days: 7 }) // a Sunday
    expect(lastWeek(new Date('2026-11-23T00:01:00Z'))).toEqual({ from: '2026-11-16', to: '2026-11-22', days: 7 }) // the Monday after
  })
})

describe('percentiles of a latency histogram', () => {
  it('are within 4 % of the exact ones', () => {
    const times = Array.from({ length: 5000 }, (_, i) => Math.round(50 + ((i * 7919) % 5000) ** 1.3 / 3))
    const buckets = new Map<number, number>()
    for (const ms of times) {
      const bucket = ms < 1 ? 0 : Math.min(Math.floor(Math.log(ms) / Math.log(1.08)) + 1, 300)
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1)
    }
    const histogram = [...buckets].map(([bucket, count]) => ({ bucket, count }))
    const sorted = [...times].sort((a, b) => a - b)
    for (const p of [0.5, 0.95]) {
      const exact = sorted[Math.ceil(p * sorted.length) - 1]
      expect(Math.abs(histogramPercentile(histogram, p)! - exact) / exact).toBeLessThan(0.04)
    }
    expect(histogramPercentile([], 0.5)).toBeNull()
  })
})
