import type { Sql } from './sql'

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
}

export interface Driver extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>
  close(): Promise<void>
}
