import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as versionsRoute from '@/app/api/artifacts/[id]/versions/route'
import * as artifactsRoute from '@/app/api/conversations/[id]/artifacts/route'
import { createWorkspace, quickPerson, type Person, type Workspace } from '@/tests/support/actors'
import { addDocuments, ask, messagesOf } from '@/tests/support/chat'
import { lastUserText, startFakeMistral, type ChatReply, type FakeMistral } from '@/tests/support/fake-mistral'
import { call, streamedText } from '@/tests/support/http'

// The model creates and updates canvas artifacts through tool calls: the real @ai-sdk/mistral
// provider against a scripted Mistral on loopback.
let mistral: FakeMistral
let owner: Person
let ws: Workspace
const saved = { ...process.env }
/** Replies to answer requests, in order; title requests get a title. */
const replies: ChatReply[] = []

const sales = 'Mois,Ventes,Région\nJanvier,120,Nord\nFévrier,95,Sud\nMars,143,Nord\n'

beforeAll(async () => {
  mistral = await startFakeMistral()
  mistral.defaultReply = (body) => (JSON.stringify(body.messages).includes('Write a title') ? { text: 'Ventes du trimestre' } : (replies.shift() ?? { text: 'Rien de plus.' }))
  Object.assign(process.env, { MISTRAL_API_KEY: 'test-key', MISTRAL_BASE_URL: mistral.baseURL, CHAT_TIMEOUT_SECONDS: '5' })
  owner = await quickPerson('canvas')
  ws = await createWorkspace(owner)
  await addDocuments(owner, ws.id, { 'ventes.csv': sales })
})

afterAll(async () => {
  process.env = saved
  await mistral.close()
})

const artifactsOf = async (conversationId: string) =>
  (await call(artifactsRoute.GET, 'GET', `/api/conversations/${conversationId}/artifacts`, { cookie: owner.cookie, params: { id: conversationId } })).json.items

const table = {
  columns: [
    { name: 'Mois', type: 'text' },
    { name: 'Ventes', type: 'number' },
  ],
  rows: [
    ['Janvier', 120],
    ['Février', 95],
  ],
}

describe('artifacts made by the model during a chat', () => {
  it('creates a table through a tool call: streamed to the client, saved with the answer, then the answer goes on', async () => {
    replies.push({ toolCalls: [{ name: 'createArtifact', arguments: { kind: 'table', title: 'Ventes 2023', content: table } }] }, { text: 'Le tableau des ventes est dans le canevas [1].' })
    const { response, parts, conversationId, answerId } = await ask(owner, ws.id, 'Mets les ventes 2023 dans un tableau')
    expect(response.status, response.text).toBe(200)
    const types = parts.map((part) => part.type)
    expect(types).toEqual(expect.arrayContaining(['tool-input-start', 'tool-input-available', 'tool-output-available', 'data-artifact', 'text-delta']))
    // The canvas gets the tool's input as it is generated, before the artifact is saved.
    expect(types.indexOf('tool-input-available')).toBeLessThan(types.indexOf('data-artifact'))
    const created = parts.find((part) => part.type === 'data-artifact')
    expect(created.data).toMatchObject({ action: 'created', kind: 'table', title: 'Ventes 2023', version: 1, author: 'model', messageId: answerId, content: table })
    expect(streamedText(parts)).toBe('Le tableau des ventes est dans le canevas [1].')
    expect(parts.at(-1)).toMatchObject({ type: 'finish', messageMetadata: { status: 'complete' } })

    // The model was told about the canvas, then given the tool's result.
    const [first, second] = mistral.chatRequests().filter((body) => lastUserText(body).includes('tableau'))
    expect(first.tools.map((t: any) => t.function.name)).toEqual(['createArtifact', 'updateArtifact'])
    expect(JSON.stringify(first.messages)).toContain('call createArtifact')
    expect(second.messages.find((m: any) => m.role === 'tool').content).toContain(created.data.id)

    const [artifact] = await artifactsOf(conversationId)
    expect(artifact).toMatchObject({ id: created.data.id, author: 'model', messageId: answerId, content: table })
    const answer = (await messagesOf(owner, conversationId)).find((m) => m.id === answerId)
    const saved = answer.parts.find((part: any) => part.type === 'data-artifact')
    expect(saved.data).toMatchObject({ id: created.data.id, kind: 'table', title: 'Ventes 2023', action: 'created' })
    expect(saved.data.content).toBeUndefined()
  })

  it('takes a table from a CSV source, charts it, then updates the chart as a new version', async () => {
    replies.push({ toolCalls: [{ name: 'createArtifact', arguments: { kind: 'table', title: 'Ventes', fromSource: 1 } }] }, { text: 'Voici le tableau [1].' })
    const asked = await ask(owner, ws.id, 'Tableau des ventes par mois')
    const tablePart = asked.parts.find((part) => part.type === 'data-artifact')
    expect(tablePart?.data.content, JSON.stringify(asked.parts.filter((p) => p.type.startsWith('data-artifact')))).toEqual({
      columns: [
        { name: 'Mois', type: 'text' },
        { name: 'Ventes', type: 'number' },
        { name: 'Région', type: 'text' },
      ],
      rows: [['Janvier', 120, 'Nord'], ['Février', 95, 'Sud'], ['Mars', 143, 'Nord']],
    })

    replies.push(
      { toolCalls: [{ name: 'createArtifact', arguments: { kind: 'chart', title: 'Ventes par mois', fromArtifact: tablePart.data.id, content: { chartType: 'bar', x: 'Mois', series: ['Ventes'] } } }] },
      { text: 'Le graphique est prêt.' },
    )
    const charted = await ask(owner, ws.id, 'Fais-en un graphique par mois', { conversationId: asked.conversationId })
    const chart = charted.parts.find((part) => part.type === 'data-artifact')
    expect(chart.data).toMatchObject({ kind: 'chart', content: { chartType: 'bar', x: 'Mois', series: ['Ventes'], data: tablePart.data.content } })
    // The model is told which artifacts exist, so that it can update them.
    expect(JSON.stringify(mistral.chatRequests().at(-1).messages)).toContain(`${tablePart.data.id} (table): Ventes`)

    replies.push({ toolCalls: [{ name: 'updateArtifact', arguments: { id: chart.data.id, content: { ...chart.data.content, chartType: 'line' } } }] }, { text: 'En courbe.' })
    const updated = await ask(owner, ws.id, 'Plutôt en courbe', { conversationId: asked.conversationId })
    expect(updated.parts.find((part) => part.type === 'data-artifact').data).toMatchObject({ id: chart.data.id, action: 'updated', version: 2, content: { chartType: 'line' } })
    const versions = await call(versionsRoute.GET, 'GET', `/api/artifacts/${chart.data.id}/versions`, { cookie: owner.cookie, params: { id: chart.data.id } })
    expect(versions.json.items.map((v: any) => [v.version, v.author, v.content.chartType])).toEqual([
      [2, 'model', 'line'],
      [1, 'model', 'bar'],
    ])
  })

  it('malformed arguments: no artifact, the answer says why and goes on', async () => {
    replies.push({ toolCalls: [{ name: 'createArtifact', arguments: '{"kind": "table", "title": "Ventes", "content": {"columns": [' }] }, { text: 'Je n’ai pas pu créer le tableau.' })
    const { parts, conversationId } = await ask(owner, ws.id, 'Un tableau cassé')
    const error = parts.find((part) => part.type === 'data-artifact-error')
    expect(error.data.reason).toMatch(/not valid/)
    expect(parts.some((part) => part.type === 'data-artifact')).toBe(false)
    expect(streamedText(parts)).toBe('Je n’ai pas pu créer le tableau.')
    expect(parts.at(-1)).toMatchObject({ type: 'finish', messageMetadata: { status: 'complete' } })
    expect(await artifactsOf(conversationId)).toEqual([])
    const answer = (await messagesOf(owner, conversationId)).at(-1)
    expect(answer.parts.some((part: any) => part.type === 'data-artifact-error')).toBe(true)
  })

  it('content that breaks the kind’s rules: refused with the reason, told to the model', async () => {
    replies.push(
      { toolCalls: [{ name: 'createArtifact', arguments: { kind: 'table', title: 'Bancal', content: { columns: [{ name: 'a' }, { name: 'b' }], rows: [[1]] } } }] },
      (body) => ({ text: body.messages.find((m: any) => m.role === 'tool')?.content.includes('row 1 has 1 cells') ? 'Le tableau était mal formé.' : 'Hmm.' }),
    )
    const { parts, conversationId } = await ask(owner, ws.id, 'Un tableau bancal')
    expect(parts.find((part) => part.type === 'data-artifact-error').data).toMatchObject({ kind: 'table', reason: expect.stringContaining('row 1 has 1 cells for 2 columns') })
    expect(streamedText(parts)).toBe('Le tableau était mal formé.')
    expect(await artifactsOf(conversationId)).toEqual([])
  })
})
