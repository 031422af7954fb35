import { sql, type Sql } from './sql'

export type Row = Record<string, unknown>

/** Something that runs queries: the database itself or an open transaction. */
export interface Queryable {
  query<T = Row>(statement: Sql): Promise<T[]>
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>
}

export interface TransactionOptions {
  /** Repeatable read: every statement sees the database as of the first one. */
  snapshot?: boolean
  /** Settings local to the transaction (`set_config(name, value, true)`), applied as it begins. */
  settings?: Record<string, string>
}

/** The statement that applies a transaction's settings. */
export const settingsStatement = (settings: Record<string, string>): Sql =>
  sql`select ${sql.join(Object.entries(settings).map(([name, value]) => sql`set_config(${name}, ${value}, true)`))}`

export interface Driver extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>
  close(): Promise<void>
}
