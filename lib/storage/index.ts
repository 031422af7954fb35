import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { config } from '../config'

/** Uploaded files: a folder under DATA_DIR, or Supabase Storage when it is configured. */
export interface FileStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>
  get(key: string): Promise<Uint8Array>
  remove(keys: string[]): Promise<void>
}

export const BUCKET = 'documents'

/** `<workspace>/<document>/<name>`, with a name that cannot escape its folder. */
export function fileKey(workspaceId: string, documentId: string, name: string): string {
  const safe = name.normalize('NFC').replace(/[/\\\u0000-\u001f]/g, '_').replace(/^\.+/, '_').slice(0, 200) || 'file'
  return `${workspaceId}/${documentId}/${safe}`
}

function localStore(root: string): FileStore {
  const resolve = (key: string) => {
    const full = path.resolve(/* turbopackIgnore: true */ root, key)
    if (!full.startsWith(root + path.sep)) throw new Error(`invalid storage key ${key}`)
    return full
  }
  return {
    async put(key, bytes) {
      const full = resolve(key)
      await mkdir(path.dirname(full), { recursive: true })
      await writeFile(full, bytes)
    },
    get: async (key) => new Uint8Array(await readFile(resolve(key))),
    async remove(keys) {
      await Promise.all(keys.map((key) => rm(path.dirname(resolve(key)), { recursive: true, force: true })))
    },
  }
}

async function supabaseStore(url: string, serviceKey: string): Promise<FileStore> {
  const { createClient } = await import('@supabase/supabase-js')
  const bucket = createClient(url, serviceKey, { auth: { persistSession: false } }).storage.from(BUCKET)
  const fail = (action: string, error: { message: string }) => new Error(`Supabase Storage could not ${action}: ${error.message}`)
  return {
    async put(key, bytes, contentType) {
      const { error } = await bucket.upload(key, bytes, { contentType, upsert: true })
      if (error) throw fail('store the file', error)
    },
    async get(key) {
      const { data, error } = await bucket.download(key)
      if (error || !data) throw fail('read the file', error ?? { message: 'no data' })
      return new Uint8Array(await data.arrayBuffer())
    },
    async remove(keys) {
      if (!keys.length) return
      const { error } = await bucket.remove(keys)
      if (error) throw fail('delete the files', error)
    },
  }
}

const store = globalThis as typeof globalThis & { monitoraFiles?: Promise<FileStore> }

export function files(): Promise<FileStore> {
  const cfg = config()
  store.monitoraFiles ??=
    cfg.supabase?.serviceKey ? supabaseStore(cfg.supabase.url, cfg.supabase.serviceKey) : Promise.resolve(localStore(path.join(cfg.dataDir, 'files')))
  return store.monitoraFiles
}
