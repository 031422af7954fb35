import { afterEach, describe, expect, it } from 'vitest'
import { database, setDatabase, type Driver } from '@/lib/db'
import { healthSchema } from '@/lib/health'
import { call } from '@/tests/support/http'
import * as health from './health/route'

let real: Driver | undefined

afterEach(() => {
  if (real) setDatabase(real)
  real = undefined
})

describe('GET /api/health', () => {
  it('answers 200 ok with the documented shape, uncached, without authentication', async () => {
    const response = await call(health.GET, 'GET', '/api/health')
    expect(response.status).toBe(200)
    expect(healthSchema.parse(response.json)).toMatchObject({ status: 'ok', checks: { database: { status: 'ok' }, model: { status: 'ok' } } })
    expect(response.headers.get('cache-control')).toBe('no-store')
  })

  it('answers 503 degraded when the database fails, without leaking a stack', async () => {
    real = await database()
    const broken: Driver = {
      ...real,
      query: async () => {
        throw new Error('connection refused')
      },
    }
    setDatabase(broken)
    const response = await call(health.GET, 'GET', '/api/health')
    expect(response.status).toBe(503)
    expect(response.json).toMatchObject({ status: 'degraded', checks: { database: { status: 'error', error: 'connection refused' } } })
    expect(response.text).not.toMatch(/at .*\.ts:\d+/)
  })
})
