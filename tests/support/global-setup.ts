import { writeFile, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { migrate } from '../../lib/db/migrate'
import { openPglite } from '../../lib/db/pglite'
import { openPostgres } from '../../lib/db/postgres'
import { sql } from '../../lib/db/sql'
import { adminUrl, templateName } from './databases'

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
  }
}

/** Migrates one database per run; each test file then starts from a copy of it. */
export default async function setup(project: TestProject) {
  if (project.name === 'postgres') {
    const admin = openPostgres(adminUrl(), { max: 1 })
    await admin.query(sql.raw(`drop database if exists ${templateName} with (force)`))
    await admin.query(sql.raw(`create database ${templateName}`))
    const template = openPostgres(adminUrl(templateName), { max: 1 })
    await migrate(template)
    await template.close()
    await admin.close()
    return async () => {
      const again = openPostgres(adminUrl(), { max: 1 })
      await again.query(sql.raw(`drop database if exists ${templateName} with (force)`))
      await again.close()
    }
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'monitora-test-'))
  const db = await openPglite({})
  await migrate(db)
  const dump = await db.dump()
  await db.close()
  const file = path.join(dir, 'template.tar.gz')
  await writeFile(file, Buffer.from(await dump.arrayBuffer()))
  project.provide('pgliteTemplate', file)
  return () => rm(dir, { recursive: true, force: true })
}
