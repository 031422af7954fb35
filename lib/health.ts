import { z } from 'zod'
import pkg from '../package.json'
import { defineContract } from './api/contract'
import { config } from './config'
import { database, sql } from './db'

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  environment: z.string(),
  version: z.string(),
  checks: z.object({
    database: z.object({ status: z.enum(['ok', 'error']), driver: z.enum(['pglite', 'postgres']), latencyMs: z.number().optional(), error: z.string().optional() }),
    model: z.object({ status: z.literal('ok'), provider: z.enum(['offline', 'mistral']), model: z.string() }),
  }),
})
export type Health = z.infer<typeof healthSchema>

export const healthContract = defineContract({
  method: 'GET',
  path: '/api/health',
  tag: 'System',
  summary: 'Is the service up?',
  description: 'Checks the database with one query. 503 with status "degraded" when it does not answer.',
  auth: 'none',
  success: { status: 200, description: 'Up', schema: healthSchema },
  errors: ['unavailable:database'],
})

const QUERY_TIMEOUT_MS = 2_000
// Opening is slow on a first start (initdb) or a cold serverless instance: that is not "down".
const OPEN_TIMEOUT_MS = 30_000

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

export async function health(): Promise<Health> {
  const cfg = config()
  let database_: Health['checks']['database']
  try {
    const db = await within(database(), OPEN_TIMEOUT_MS, 'opening the database')
    const started = performance.now()
    await within(db.query(sql`select 1`), QUERY_TIMEOUT_MS, 'the database')
    database_ = { status: 'ok', driver: cfg.database.kind, latencyMs: Math.round((performance.now() - started) * 10) / 10 }
  } catch (error) {
    database_ = { status: 'error', driver: cfg.database.kind, error: (error as Error).message }
  }
  return {
    status: database_.status === 'ok' ? 'ok' : 'degraded',
    environment: cfg.env,
    version: pkg.version,
    checks: {
      database: database_,
      model: cfg.mistral ? { status: 'ok', provider: 'mistral', model: cfg.mistral.model } : { status: 'ok', provider: 'offline', model: 'monitora-extractive' },
    },
  }
}
