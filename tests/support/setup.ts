import { readFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, inject } from 'vitest'
import { useDatabase, type Driver } from '../../lib/db'
import { openPglite } from '../../lib/db/pglite'
import { openPostgres } from '../../lib/db/postgres'
import { sql } from '../../lib/db/sql'
import { adminUrl, templateName } from './databases'

// Each test file gets its own database, copied from the migrated template.
let driver: Driver
let cleanup = async () => {}

beforeAll(async () => {
  if (process.env.TEST_DB === 'postgres') {
    const name = `monitora_test_${randomBytes(6).toString('hex')}`
    const admin = openPostgres(adminUrl(), { max: 1 })
    await admin.query(sql.raw(`create database ${name} template ${templateName}`))
    driver = openPostgres(adminUrl(name), { max: 4 })
    cleanup = async () => {
      await driver.close()
      await admin.query(sql.raw(`drop database if exists ${name} with (force)`))
      await admin.close()
    }
  } else {
    const dump = await readFile(inject('pgliteTemplate'))
    driver = await openPglite({ loadDataDir: new Blob([dump]) })
    cleanup = () => driver.close()
  }
  useDatabase(driver)
})

afterAll(async () => {
  useDatabase(undefined)
  await cleanup()
})
