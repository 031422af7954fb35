import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as analyticsRoute from '@/app/api/workspaces/[ws]/analytics/route'
import { setEmbedder } from '@/lib/ai/embeddings'
import { asService, sql } from '@/lib/db'
import { createWorkspace, quickPerson, type Person, type Workspace } from '@/tests/support/actors'
import { fakeEmbedding, startFakeMistral, type FakeMistral } from '@/tests/support/fake-mistral'
import { call } from '@/tests/support/http'

// Grouping by meaning through the real @ai-sdk/mistral provider, against a scripted Mistral on
// loopback whose embeddings give the two wordings of the price question the same meaning.
let mistral: FakeMistral
let owner: Person
let ws: Workspace
const saved = { ...process.env }

beforeAll(async () => {
  mistral = await startFakeMistral()
  mistral.embedding = (text) => fakeEmbedding(/enterprise/i.test(text) && /price|cost/i.test(text) ? 'enterprise plan price' : text)
  process.env.MISTRAL_API_KEY = 'test-key'
  process.env.MISTRAL_BASE_URL = mistral.baseURL
  owner = await quickPerson('meaning')
  ws = await createWorkspace(owner)
  await asService(async (tx) => {
    const [c] = await tx.query<{ id: string }>(sql`insert into conversations (workspace_id, channel) values (${ws.id}, 'api') returning id`)
    for (const question of ['How much does the enterprise plan cost?', 'How much does the enterprise plan cost', 'What is the price of the enterprise plan?', 'Is there a mobile app?']) {
      const [q] = await tx.query<{ id: string }>(sql`insert into messages (workspace_id, conversation_id, role, content) values (${ws.id}, ${c.id}, 'user', ${question}) returning id`)
      await tx.query(sql`insert into messages (workspace_id, conversation_id, role, reply_to, content, unanswered) values (${ws.id}, ${c.id}, 'assistant', ${q.id}, 'Not found', true)`)
    }
  })
})

afterAll(async () => {
  process.env = saved
  setEmbedder(undefined)
  await mistral.close()
})

const analytics = async () => {
  const response = await call(analyticsRoute.GET, 'GET', `/api/workspaces/${ws.id}/analytics`, { cookie: owner.cookie, params: { ws: ws.id } })
  expect(response.status, response.text).toBe(200)
  return response.json
}
const embeddingCalls = () => mistral.requests.filter((r) => r.path === '/v1/embeddings').length

describe('questions grouped by meaning with an embedding model', () => {
  it('shows wordings that mean the same as one group, embedding each label once', async () => {
    const body = await analytics()
    expect(body.topQuestions).toEqual([
      { id: expect.any(String), label: 'How much does the enterprise plan cost?', asked: 3, unanswered: 3, examples: ['How much does the enterprise plan cost?', 'How much does the enterprise plan cost', 'What is the price of the enterprise plan?'] },
      expect.objectContaining({ label: 'Is there a mobile app?', asked: 1 }),
    ])
    expect(body.unansweredQuestions.map((q: any) => [q.label, q.unanswered])).toEqual([
      ['How much does the enterprise plan cost?', 3],
      ['Is there a mobile app?', 1],
    ])
    const calls = embeddingCalls()
    expect(calls).toBeGreaterThan(0)
    expect(await analytics()).toEqual(body)
    expect(embeddingCalls()).toBe(calls)
  })

  it('falls back to the lexical groups when the model fails, and without a model', async () => {
    await asService((tx) => tx.query(sql`update question_groups set label_embedding = null where workspace_id = ${ws.id}`))
    mistral.failNext(20, 500)
    const failed = await analytics()
    expect(failed.topQuestions.map((q: any) => [q.label, q.asked])).toEqual([
      ['How much does the enterprise plan cost?', 2],
      ['Is there a mobile app?', 1],
      ['What is the price of the enterprise plan?', 1],
    ])
    setEmbedder(null)
    expect((await analytics()).topQuestions).toEqual(failed.topQuestions)
  })
})
