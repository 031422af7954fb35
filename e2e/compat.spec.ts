import { expect, test } from '@playwright/test'
import { Ollama } from 'ollama'
import OpenAI from 'openai'
import { openDemoWorkspace } from './support/demo'

// The ollama and openai client libraries, as their READMEs show them with only the base URL and
// the key changed, against the built app (next start, its proxy and routing) answering with the
// real Mistral provider; then the conversations they made, in the dashboard.
test.use({ baseURL: process.env.E2E_MISTRAL_APP })

test('Ollama and OpenAI clients chat with a workspace and get cited answers, streamed and not; the dashboard shows their conversations', async ({ page }) => {
  const base = process.env.E2E_MISTRAL_APP!
  const workspaceId = await openDemoWorkspace(page)
  await expect
    .poll(async () => (await (await page.request.get(`/api/workspaces/${workspaceId}/documents?status=ready`)).json()).items.length, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(2)
  const created = await page.request.post(`/api/workspaces/${workspaceId}/keys`, { data: { kind: 'secret', name: 'Clients' }, headers: { origin: base } })
  expect(created.status()).toBe(201)
  const key: string = (await created.json()).token

  const ollama = new Ollama({ host: `${base}/ollama`, headers: { Authorization: `Bearer ${key}` } })
  const { models } = await ollama.list()
  expect(models[0].name).toBe('monitora/demo-workspace:latest')
  const answer = await ollama.chat({ model: 'monitora/demo-workspace', messages: [{ role: 'user', content: 'How do I upload documents?' }] })
  expect(answer.message.content).toMatch(/\[1\][\s\S]*\n\n---\n\[1\] /)
  const lines = []
  for await (const part of await ollama.chat({ model: 'monitora', messages: [{ role: 'user', content: 'Combien de jours de télétravail par semaine ?' }], stream: true })) lines.push(part)
  expect(lines.length).toBeGreaterThan(3)
  expect((lines.at(-1) as unknown as { citations: unknown[] }).citations.length).toBeGreaterThan(0)
  expect((await ollama.embed({ model: 'mistral-embed', input: ['hello', 'bonjour'] })).embeddings).toHaveLength(2)

  const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: key })
  const ids = []
  for await (const model of client.models.list()) ids.push(model.id)
  expect(ids).toContain('monitora/demo-workspace')
  const completion = await client.chat.completions.create({ model: 'monitora/demo-workspace', messages: [{ role: 'user', content: 'Which file types can I upload?' }] })
  expect(completion.choices[0].message.content).toMatch(/\[1\]/)
  expect((completion as unknown as { citations: unknown[] }).citations.length).toBeGreaterThan(0)
  let streamed = ''
  let chunks = 0
  for await (const chunk of await client.chat.completions.create({ model: 'monitora/demo-workspace', messages: [{ role: 'user', content: 'How do citations work?' }], stream: true })) {
    streamed += chunk.choices[0]?.delta?.content ?? ''
    chunks++
  }
  expect(chunks).toBeGreaterThan(3)
  expect(streamed).toMatch(/\[1\]/)
  const vectors = await client.embeddings.create({ model: 'mistral-embed', input: 'hello' })
  expect(vectors.data[0].embedding).toHaveLength(1024)
  await expect(client.chat.completions.create({ model: 'monitora/another-workspace', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 404, code: 'model_not_found' })

  // A path no route serves answers in each API's own error format, never with the site's page.
  await expect(ollama.delete({ model: 'monitora' })).rejects.toMatchObject({ status_code: 404, error: expect.stringContaining('no DELETE /ollama/api/delete') })
  await expect(client.files.list()).rejects.toMatchObject({ status: 404, message: expect.stringContaining('no GET /v1/files') })
  const unknown = await page.request.get(`${base}/api/workspaces/${workspaceId}/nothing-here`)
  expect(unknown.status()).toBe(404)
  expect((await unknown.json()).error).toMatchObject({ code: 'not_found:api', message: expect.stringContaining('/api/openapi.json') })

  // The conversations made through the APIs, in the dashboard under the API filter.
  await page.getByRole('navigation').getByRole('link', { name: 'Chat', exact: true }).click()
  await page.getByTestId('filter-channel').selectOption('api')
  const item = page.getByTestId('conversation-item').filter({ hasText: 'Which file types' })
  await expect(item).toBeVisible()
  await item.getByRole('link').first().click()
  await expect(page.locator('[data-testid="message"][data-role="assistant"]').last()).toHaveAttribute('data-status', 'complete')
  await expect(page.locator('[data-testid="message"][data-role="user"]').last()).toContainText('Which file types can I upload?')
})
