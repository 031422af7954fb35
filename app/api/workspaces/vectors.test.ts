import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as documentRoute from '@/app/api/workspaces/[ws]/documents/[doc]/route'
import * as documentsRoute from '@/app/api/workspaces/[ws]/documents/route'
import * as searchRoute from '@/app/api/workspaces/[ws]/search/route'
import { asService, sql } from '@/lib/db'
import { kickQueue } from '@/lib/documents/pipeline'
import { createWorkspace, quickPerson, type Person, type Workspace } from '@/tests/support/actors'
import { startFakeMistral, type FakeMistral } from '@/tests/support/fake-mistral'
import { call } from '@/tests/support/http'

// Embeddings through the real @ai-sdk/mistral provider, talking to a scripted Mistral on loopback.
let mistral: FakeMistral
let owner: Person
let ws: Workspace
const saved = { ...process.env }

beforeAll(async () => {
  mistral = await startFakeMistral()
  process.env.MISTRAL_API_KEY = 'test-key'
  process.env.MISTRAL_BASE_URL = mistral.baseURL
  owner = await quickPerson('vectors')
  ws = await createWorkspace(owner)
})

afterAll(async () => {
  process.env = saved
  await mistral.close()
})

async function upload(...files: [string, string][]) {
  const form = new FormData()
  for (const [name, text] of files) form.append('file', new File([text], name))
  const response = await call(documentsRoute.POST, 'POST', `/api/workspaces/${ws.id}/documents`, { cookie: owner.cookie, params: { ws: ws.id }, form })
  expect(response.status, response.text).toBe(202)
  await kickQueue()
  return response.json.items as { id: string }[]
}

async function search(query: string, mode?: 'lexical' | 'vector' | 'hybrid') {
  return call(searchRoute.POST, 'POST', `/api/workspaces/${ws.id}/search`, { cookie: owner.cookie, params: { ws: ws.id }, body: { query, limit: 3, ...(mode ? { mode } : {}) } })
}

const filler = (topic: string, n: number) => Array.from({ length: n }, (_, i) => `## Part ${i}\n\nNotes about ${topic} number ${i}: routine details of ${topic}.`).join('\n\n')

describe('embeddings and hybrid search', () => {
  it('embeds chunks in batches with mistral-embed, stores 1024-d vectors and answers in hybrid mode by default', async () => {
    const [garden] = await upload(
      ['garden.md', `# Garden\n\nTomatoes need six hours of sunlight and regular watering.\n\n${filler('gardening', 40)}`],
      ['car.md', `# Car\n\nChange the engine oil every fifteen thousand kilometres.\n\n${filler('cars', 5)}`],
    )
    const embedCalls = mistral.requests.filter((r) => r.path === '/v1/embeddings')
    expect(embedCalls.length).toBeGreaterThan(1)
    expect(embedCalls.every((r) => r.body.model === 'mistral-embed' && r.body.input.length <= 32)).toBe(true)
    const [{ embedded, total }] = await asService((tx) =>
      tx.query<{ embedded: number; total: number }>(sql`select count(embedding)::int as embedded, count(*)::int as total from chunks where workspace_id = ${ws.id}`),
    )
    expect(embedded).toBe(total)
    expect(total).toBeGreaterThan(10)

    const hybrid = await search('how much sunlight do tomatoes need')
    expect(hybrid.json.mode).toBe('hybrid')
    expect(hybrid.json.results[0].documentId).toBe(garden.id)
    expect(hybrid.json.results[0].text).toContain('six hours')

    const vector = await search('engine oil kilometres', 'vector')
    expect(vector.json.mode).toBe('vector')
    expect(vector.json.results[0].text).toContain('engine oil')
    expect((await search('engine oil', 'lexical')).json.results[0].text).toContain('engine oil')
  })

  it('keeps excluded documents out of vector results', async () => {
    const [boat] = await upload(['boat.md', '# Boat\n\nThe sailing boat is moored at pier seven.'])
    expect((await search('sailing boat moored pier', 'vector')).json.results[0].documentId).toBe(boat.id)
    await call(documentRoute.PATCH, 'PATCH', `/api/workspaces/${ws.id}/documents/${boat.id}`, { cookie: owner.cookie, params: { ws: ws.id, doc: boat.id }, body: { excluded: true } })
    const after = await search('sailing boat moored pier', 'vector')
    expect(after.json.results.map((r: { documentId: string }) => r.documentId)).not.toContain(boat.id)
  })

  it('retries the embedding API after a 429 and fails the document cleanly when it keeps failing', async () => {
    mistral.failNext(2, 429)
    const [ok] = await upload(['retry.md', '# Retry\n\nRate limits are retried with a backoff.'])
    expect((await asService((tx) => tx.query<{ status: string }>(sql`select status from documents where id = ${ok.id}`)))[0].status).toBe('ready')

    mistral.failNext(50, 500)
    const [broken] = await upload(['down.md', '# Down\n\nThe embedding service is down for this one.'])
    mistral.failNext(0)
    const [row] = await asService((tx) => tx.query<{ status: string; error_reason: string; chunks: number }>(sql`
      select status, error_reason, (select count(*)::int from chunks where document_id = d.id) as chunks from documents d where id = ${broken.id}`))
    expect(row).toEqual({ status: 'failed', error_reason: 'internal', chunks: 0 })
  })
})
