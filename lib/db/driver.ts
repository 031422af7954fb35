import type { Sql } from './sql'

export type Row = Record<string, unknown>

/** Something that runs queries: the database itself or an open transaction. */
export interface Queryable {
  query<T = Row>(statement: Sql): Promise<T[]>
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>
}

export interface Driver extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}
