import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { citext } from '@electric-sql/pglite/contrib/citext'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import type { Driver, Queryable } from './driver'
import { priorityGate } from './priority'
import type { Sql } from './sql'

export const pgliteExtensions = { vector, pg_trgm, unaccent, citext }

/** PGlite in this process: `dir` on disk, or in memory (optionally loaded from a dump). */
export async function openPglite(options: { dir?: string; loadDataDir?: Blob }): Promise<Driver & { dump(): Promise<Blob> }> {
  const db = await PGlite.create({ dataDir: options.dir, loadDataDir: options.loadDataDir, extensions: pgliteExtensions })
  const run = (runner: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(statement: Sql) {
      const result = await runner.query<T>(statement.text, statement.values as unknown[])
      return result.rows
    },
    async exec(script) {
      await runner.exec(script)
    },
  })
  const inTurn = priorityGate()
  const direct = run(db)
  return {
    kind: 'pglite',
    query: <T>(statement: Sql) => inTurn(() => direct.query<T>(statement)),
    exec: (script: string) => inTurn(() => direct.exec(script)),
    transaction: (fn) => inTurn(() => db.transaction((tx) => fn(run(tx)))),
    close: () => db.close(),
    dump: () => db.dumpDataDir('gzip'),
  }
}
