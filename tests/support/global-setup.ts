import { writeFile, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { migrate } from '../../lib/db/migrate'
import { openPglite } from '../../lib/db/pglite'
import { openPostgres } from '../../lib/db/postgres'
import { sql } from '../../lib/db/sql'
import { randomBytes } from 'node:crypto'
import { adminUrl } from './databases'

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
    postgresTemplate: string
  }
}

/** Migrates one database per run; each test file then starts from a copy of it. */
export default async function setup(project: TestProject) {
  if (project.name === 'postgres') {
    // Named per run, so that several checkouts can test against one server at once.
    const templateName = `monitora_test_template_${randomBytes(4).toString('hex')}`
    const admin = openPostgres(adminUrl(), { max: 1 })
    await admin.query(sql.raw(`create database ${templateName}`))
    const template = openPostgres(adminUrl(templateName), { max: 1 })
    await migrate(template)
    await template.close()
    await admin.close()
    project.provide('postgresTemplate', templateName)
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
