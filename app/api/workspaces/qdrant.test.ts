import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as documentRoute from '@/app/api/workspaces/[ws]/documents/[doc]/route'
import * as documentsRoute from '@/app/api/workspaces/[ws]/documents/route'
import * as searchRoute from '@/app/api/workspaces/[ws]/search/route'
import { asService, sql } from '@/lib/db'
import { kickQueue } from '@/lib/documents/pipeline'
import { createWorkspace, quickPerson, type Person } from '@/tests/support/actors'
import { startFakeMistral, type FakeMistral } from '@/tests/support/fake-mistral'
import { startFakeQdrant, type FakeQdrant } from '@/tests/support/fake-qdrant'
import { call } from '@/tests/support/http'

// QDRANT_URL set: vectors go to Qdrant (the real client against an in-memory Qdrant on
// loopback); which chunks may be returned is still decided in Postgres.
let mistral: FakeMistral
let qdrant: FakeQdrant
const saved = { ...process.env }

beforeAll(async () => {
  mistral = await startFakeMistral()
  qdrant = await startFakeQdrant()
  Object.assign(process.env, { MISTRAL_API_KEY: 'test-key', MISTRAL_BASE_URL: mistral.baseURL, QDRANT_URL: qdrant.url, QDRANT_COLLECTION: 'chunks_test' })
})

afterAll(async () => {
  process.env = saved
  await Promise.all([mistral.close(), qdrant.close()])
})

async function upload(person: Person, ws: string, name: string, text: string) {
  const form = new FormData()
  form.append('file', new File([text], name))
  const response = await call(documentsRoute.POST, 'POST', `/api/workspaces/${ws}/documents`, { cookie: person.cookie, params: { ws }, form })
  await kickQueue()
  return response.json.items[0].id as string
}

const search = (person: Person, ws: string, query: string) =>
  call(searchRoute.POST, 'POST', `/api/workspaces/${ws}/search`, { cookie: person.cookie, params: { ws }, body: { query, mode: 'vector', limit: 5 } })

describe('Qdrant vector store', () => {
  it('stores vectors in Qdrant per tenant, searches them, and deletes them with the document', async () => {
    const alice = await quickPerson('alice')
    const bob = await quickPerson('bob')
    const wsA = await createWorkspace(alice)
    const wsB = await createWorkspace(bob)
    const docA = await upload(alice, wsA.id, 'bees.md', '# Bees\n\nHoney bees visit lavender flowers in the morning.')
    await upload(bob, wsB.id, 'bees.md', '# Bees\n\nHoney bees visit lavender flowers in the morning, says Bob.')

    const points = qdrant.points('chunks_test')
    expect(points.size).toBeGreaterThanOrEqual(2)
    const [{ embedded }] = await asService((tx) => tx.query<{ embedded: number }>(sql`select count(embedding)::int as embedded from chunks`))
    expect(embedded).toBe(0) // pgvector is not used when Qdrant is configured

    const found = await search(alice, wsA.id, 'honey bees lavender')
    expect(found.status).toBe(200)
    expect(found.json.results.map((r: { documentId: string }) => r.documentId)).toEqual([docA])

    await call(documentRoute.DELETE, 'DELETE', `/api/workspaces/${wsA.id}/documents/${docA}`, { cookie: alice.cookie, params: { ws: wsA.id, doc: docA } })
    expect([...points.values()].some((p) => p.payload.workspace_id === wsA.id)).toBe(false)
    expect([...points.values()].some((p) => p.payload.workspace_id === wsB.id)).toBe(true)
    expect((await search(alice, wsA.id, 'honey bees lavender')).json.results).toEqual([])
  })
})
