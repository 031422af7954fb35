import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Driver } from './driver'
import { sql } from './sql'

export const migrationsDir = path.join(/* turbopackIgnore: true */ process.cwd(), 'supabase', 'migrations')

/**
 * Applies the pending files of supabase/migrations in name order, all in one transaction
 * under an advisory lock, so concurrent starts (serverless cold starts) apply each once.
 */
export async function migrate(db: Driver, dir = migrationsDir): Promise<string[]> {
  const files = (await readdir(/* turbopackIgnore: true */ dir)).filter((name) => name.endsWith('.sql')).sort()
  const migrations = await Promise.all(
    files.map(async (name) => {
      const text = await readFile(/* turbopackIgnore: true */ path.join(dir, name), 'utf8')
      return { name, text, checksum: createHash('sha256').update(text).digest('hex') }
    }),
  )
  return db.transaction(async (tx) => {
    await tx.query(sql`select pg_advisory_xact_lock(7262737)`)
    await tx.exec(`create schema if not exists app;
      create table if not exists app.schema_migrations (name text primary key, checksum text not null, applied_at timestamptz not null default now())`)
    const applied = new Map(
      (await tx.query<{ name: string; checksum: string }>(sql`select name, checksum from app.schema_migrations`)).map((row) => [row.name, row.checksum]),
    )
    const done: string[] = []
    for (const migration of migrations) {
      const previous = applied.get(migration.name)
      if (previous !== undefined) {
        if (previous !== migration.checksum) console.warn(`[db] migration ${migration.name} changed after it was applied; add a new migration instead`)
        continue
      }
      await tx.exec(migration.text)
      await tx.query(sql`insert into app.schema_migrations (name, checksum) values (${migration.name}, ${migration.checksum})`)
      done.push(migration.name)
    }
    return done
  })
}
