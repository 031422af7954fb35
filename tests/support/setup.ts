import { mkdtempSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, inject } from 'vitest'
import { setDatabase, type Driver } from '../../lib/db'
import { openPglite } from '../../lib/db/pglite'
import { openPostgres } from '../../lib/db/postgres'
import { sql } from '../../lib/db/sql'
import { adminUrl } from './databases'

// Uploaded files of this test file go to a folder of its own, removed afterwards.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'monitora-files-'))
process.env.DATA_DIR = dataDir
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
// Process-wide singletons outlive a test file in the same worker: start each file afresh.
for (const key of ['monitoraFiles', 'monitoraQueue', 'monitoraEmbedder', 'monitoraVectors', 'monitoraLanguageModels']) delete (globalThis as Record<string, unknown>)[key]

// Each test file gets its own database, copied from the migrated template, opened on its
// first query: unit-test files that never touch the database do not pay for one.
let opened: Promise<Driver> | undefined
let cleanup = async () => {}

async function open(): Promise<Driver> {
  if (process.env.TEST_DB === 'postgres') {
    const name = `monitora_test_${randomBytes(6).toString('hex')}`
    const admin = openPostgres(adminUrl(), { max: 1 })
    await admin.query(sql.raw(`create database ${name} template ${inject('postgresTemplate')}`))
    const driver = openPostgres(adminUrl(name), { max: 4 })
    cleanup = async () => {
      await driver.close()
      await admin.query(sql.raw(`drop database if exists ${name} with (force)`))
      await admin.close()
    }
    return driver
  }
  const dump = await readFile(inject('pgliteTemplate'))
  const driver = await openPglite({ loadDataDir: new Blob([dump]) })
  cleanup = () => driver.close()
  return driver
}

const driver = (): Promise<Driver> => (opened ??= open())

const lazy: Driver = {
  kind: process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite',
  query: async (statement) => (await driver()).query(statement),
  exec: async (script) => (await driver()).exec(script),
  transaction: async (fn, options) => (await driver()).transaction(fn, options),
  close: async () => {
    if (opened) await (await opened).close()
  },
}

beforeAll(() => {
  setDatabase(lazy)
})

afterAll(async () => {
  setDatabase(undefined)
  if (opened) {
    await opened
    await cleanup()
  }
})
