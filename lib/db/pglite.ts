import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { citext } from '@electric-sql/pglite/contrib/citext'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { prepareValue } from 'pg/lib/utils'
import { serialize } from 'pg-protocol'
import { settingsStatement, type Driver, type Queryable, type TransactionOptions } from './driver'
import { priorityGate } from './priority'
import { sql, type Sql } from './sql'

export const pgliteExtensions = { vector, pg_trgm, unaccent, citext }

interface Field {
  name: string
  dataTypeID: number
}
type Message = { name: 'rowDescription'; fields: Field[] } | { name: 'dataRow'; fields: (string | null)[] } | { name: string }

/**
 * PGlite in this process: `dir` on disk, or in memory (optionally loaded from a dump).
 *
 * Each statement is one call into PGlite, its parse, bind, describe, execute and sync
 * messages sent together: PGlite's own `query` makes six calls and asks for the parameter
 * types first. Values are serialized as node-postgres does, so both drivers read the same
 * SQL the same way; results are parsed by PGlite's type parsers. A transaction's BEGIN
 * travels with its first statement.
 */
export async function openPglite(options: { dir?: string; loadDataDir?: Blob }): Promise<Driver & { dump(): Promise<Blob> }> {
  const db = await PGlite.create({ dataDir: options.dir, loadDataDir: options.loadDataDir, extensions: pgliteExtensions })

  /** A statement's messages, without its result's description. */
  const unnamed = (statement: Sql) => [
    serialize.parse({ text: statement.text, types: [] }),
    serialize.bind({ values: statement.values.map((value) => prepareValue(value) as string | Buffer | null) }),
    serialize.execute({}),
  ]

  async function run<T>(statement: Sql, prefix: Uint8Array[], syncToFs: boolean): Promise<T[]> {
    const [parse, bind, execute] = unnamed(statement)
    const batch = Buffer.concat([...prefix, parse, bind, serialize.describe({ type: 'P' }), execute, serialize.sync()])
    const { messages } = await db.execProtocol(batch, { syncToFs })
    return rowsOf<T>(messages as Message[])
  }

  /** The rows of the batch's last statement, the one described (the prefix's rows come before its description). */
  function rowsOf<T>(messages: Message[]): T[] {
    const rows: T[] = []
    let fields: Field[] | null = null
    for (const message of messages) {
      if (message.name === 'rowDescription') fields = (message as { fields: Field[] }).fields
      else if (message.name === 'dataRow' && fields) {
        const described = fields
        const row: Record<string, unknown> = {}
        ;(message as { fields: (string | null)[] }).fields.forEach((value, i) => {
          const { name, dataTypeID } = described[i]
          const parse = db.parsers[dataTypeID]
          row[name] = value === null ? null : parse ? parse(value, dataTypeID) : value
        })
        rows.push(row as T)
      }
    }
    return rows
  }

  const simple = (text: string, syncToFs: boolean) => db.execProtocol(serialize.query(text), { syncToFs })

  async function transaction<T>(fn: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    let begin = [...unnamed(sql.raw(options.snapshot ? 'begin isolation level repeatable read' : 'begin')), ...(options.settings ? unnamed(settingsStatement(options.settings)) : [])]
    const started = () => {
      const prefix = begin
      begin = []
      return prefix
    }
    const tx: Queryable = {
      query: <R>(statement: Sql) => run<R>(statement, started(), false),
      async exec(script) {
        const prefix = started()
        if (prefix.length) await db.execProtocol(Buffer.concat([...prefix, serialize.sync()]), { syncToFs: false })
        await simple(script, false)
      },
    }
    try {
      const result = await fn(tx)
      if (!begin.length) await simple('commit', true)
      return result
    } catch (error) {
      if (!begin.length) await simple('rollback', false).catch(() => undefined)
      throw error
    }
  }

  const inTurn = priorityGate()
  return {
    kind: 'pglite',
    query: <T>(statement: Sql) => inTurn(() => run<T>(statement, [], true)),
    exec: (script: string) => inTurn(() => db.exec(script).then(() => undefined)),
    transaction: (fn, options) => inTurn(() => transaction(fn, options)),
    close: () => {
      inTurn.close()
      return db.close()
    },
    dump: () => db.dumpDataDir('gzip'),
  }
}
