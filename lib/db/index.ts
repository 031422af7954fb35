import { config } from '../config'
import type { Driver, Queryable, Row, TransactionOptions } from './driver'
import { lockDataDir } from './lock'
import { migrate } from './migrate'
import type { Sql } from './sql'

export { sql, Sql } from './sql'
export type { Driver, Queryable, Row, TransactionOptions } from './driver'
export { inBackground } from './priority'

/** Who a query runs for; row-level security sees it as Supabase-shaped JWT claims. */
export type Identity =
  | { kind: 'user'; userId: string; email: string }
  | { kind: 'key'; keyId: string; keyKind: 'secret' | 'public'; workspaceId: string }
  /** A widget visitor: a public key plus a visitor id the server signed (lib/widget). */
  | { kind: 'visitor'; keyId: string; workspaceId: string; visitorId: string }

const store = globalThis as typeof globalThis & { monitoraDb?: Promise<Driver> }

async function open(): Promise<Driver> {
  const { database } = config()
  let driver: Driver
  if (database.kind === 'pglite') {
    lockDataDir(database.dir)
    const { openPglite } = await import('./pglite')
    driver = await openPglite({ dir: database.dir })
  } else {
    const { openPostgres } = await import('./postgres')
    driver = openPostgres(database.url)
  }
  const applied = await migrate(driver)
  if (applied.length) console.log(`[db] applied ${applied.join(', ')}`)
  return driver
}

/** The database, opened and migrated on first use (never at import: builds load modules too). */
export function database(): Promise<Driver> {
  store.monitoraDb ??= open().catch((error) => {
    store.monitoraDb = undefined
    throw error
  })
  return store.monitoraDb
}

/** Test seam: run everything against a given driver. */
export function setDatabase(driver: Driver | undefined): void {
  store.monitoraDb = driver && Promise.resolve(driver)
}

function claimsOf(identity: Identity) {
  switch (identity.kind) {
    case 'user':
      return { sub: identity.userId, email: identity.email, role: 'authenticated' }
    case 'key':
      return {
        role: 'authenticated',
        app_key: { key_id: identity.keyId, workspace_id: identity.workspaceId, role: identity.keyKind === 'secret' ? 'admin' : 'widget' },
      }
    case 'visitor':
      return { role: 'authenticated', app_visitor: { key_id: identity.keyId, workspace_id: identity.workspaceId, visitor_id: identity.visitorId } }
  }
}

/**
 * Runs fn in one short transaction as `identity`, under row-level security. `snapshot` makes
 * every statement see the database as of the first one (repeatable read): a search ranks and
 * then reads its passages, and a document published in between must not make them vanish.
 */
export async function asIdentity<T>(identity: Identity, fn: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const db = await database()
  return db.transaction(fn, { ...options, settings: { 'request.jwt.claims': JSON.stringify(claimsOf(identity)), role: 'authenticated' } })
}

/**
 * Server-only work with the connection's own role, which bypasses row-level security:
 * callers pass a workspace taken from a verified credential, never from a request body.
 */
export async function asService<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const db = await database()
  return db.transaction(fn)
}

/** One statement as asService runs it, on its own: no transaction to open and commit around it. */
export async function serviceQuery<T = Row>(statement: Sql): Promise<T[]> {
  return (await database()).query<T>(statement)
}
