import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as documentRoute from '@/app/api/workspaces/[ws]/documents/[doc]/route'
import * as documentsRoute from '@/app/api/workspaces/[ws]/documents/route'
import * as searchRoute from '@/app/api/workspaces/[ws]/search/route'
import { asService, sql } from '@/lib/db'
import { kickQueue } from '@/lib/documents/pipeline'
import { startFakeStorage, type FakeStorage } from '@/tests/support/fake-supabase-storage'
import { call } from '@/tests/support/http'

// SUPABASE_SERVICE_KEY set: uploaded files live in Supabase Storage (the real supabase-js
// client against Storage's object API on loopback). A secret key drives the routes.
let storage: FakeStorage
let workspaceId: string
const token = 'sk_storage-test-token-000000000000'
const saved = { ...process.env }

beforeAll(async () => {
  storage = await startFakeStorage()
  Object.assign(process.env, {
    SUPABASE_URL: storage.url,
    SUPABASE_ANON_KEY: 'anon-key-for-the-fake-storage',
    SUPABASE_SERVICE_KEY: 'service-key-for-the-fake-storage',
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused', // required by the config; tests inject their database
  })
  workspaceId = await asService(async (tx) => {
    const [user] = await tx.query<{ id: string }>(sql`insert into users (email) values ('storage@example.com') returning id`)
    const [ws] = await tx.query<{ id: string }>(sql`insert into workspaces (name, created_by) values ('Stored', ${user.id}) returning id`)
    await tx.query(sql`insert into api_keys (workspace_id, kind, name, prefix, token_hash) values
      (${ws.id}, 'secret', 'test', ${token.slice(0, 12)}, ${createHash('sha256').update(token).digest('hex')})`)
    return ws.id
  })
})

afterAll(async () => {
  process.env = saved
  await storage.close()
})

describe('files in Supabase Storage', () => {
  it('stores the upload in the documents bucket, processes it from there and deletes it with the document', async () => {
    const form = new FormData()
    form.append('file', new File(['# Archive\n\nThe archives are kept in the basement, room B12.'], 'archive.md'))
    const uploaded = await call(documentsRoute.POST, 'POST', `/api/workspaces/${workspaceId}/documents`, { bearer: token, params: { ws: workspaceId }, form })
    expect(uploaded.status, uploaded.text).toBe(202)
    const id = uploaded.json.items[0].id
    expect([...storage.objects.keys()]).toEqual([`documents/${workspaceId}/${id}/archive.md`])

    await kickQueue()
    const found = await call(searchRoute.POST, 'POST', `/api/workspaces/${workspaceId}/search`, { bearer: token, params: { ws: workspaceId }, body: { query: 'where are the archives kept' } })
    expect(found.json.results[0].text).toContain('room B12')

    const deleted = await call(documentRoute.DELETE, 'DELETE', `/api/workspaces/${workspaceId}/documents/${id}`, { bearer: token, params: { ws: workspaceId, doc: id } })
    expect(deleted.status).toBe(204)
    expect(storage.objects.size).toBe(0)
  })
})
