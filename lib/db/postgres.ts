import pg from 'pg'
import { settingsStatement, type Driver, type Queryable } from './driver'
import type { Sql } from './sql'

// int8 (counts, sums) as numbers, as PGlite returns them.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))

/** Any Postgres 15+ with pgvector, Supabase included (use its pooler URL on serverless hosts). */
export function openPostgres(url: string, options: { max?: number } = {}): Driver {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, idleTimeoutMillis: 10_000 })
  pool.on('error', (error) => console.error('[db] idle client error:', error.message))
  const run = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(statement: Sql) {
      const result = await client.query(statement.text, statement.values as unknown[])
      return result.rows as T[]
    },
    async exec(script) {
      await client.query(script)
    },
  })
  return {
    kind: 'postgres',
    ...run(pool),
    async transaction(fn, options = {}) {
      const client = await pool.connect()
      try {
        await client.query(options.snapshot ? 'begin isolation level repeatable read' : 'begin')
        if (options.settings) {
          const settings = settingsStatement(options.settings)
          await client.query(settings.text, settings.values as unknown[])
        }
        const result = await fn(run(client))
        await client.query('commit')
        return result
      } catch (error) {
        await client.query('rollback').catch(() => undefined)
        throw error
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}
