import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answerRequests, apiConversations, conversationMessages, settledChatRows, startCompat, type CompatSetup } from '@/tests/support/compat'
import { fakeEmbedding } from '@/tests/support/fake-mistral'

// The `openai` npm package, used as its README shows with only the base URL and the key
// changed, against the real route handlers behind an HTTP server on loopback; answers by the
// real @ai-sdk/mistral provider talking to a scripted Mistral.
let app: CompatSetup
let client: OpenAI
const MODEL = 'monitora/equipe-support'

beforeAll(async () => {
  app = await startCompat()
  client = new OpenAI({ baseURL: `${app.origin}/v1`, apiKey: app.key.token, maxRetries: 0 })
})

afterAll(() => app.close())

async function until(check: () => Promise<boolean>, timeoutMs = 5000) {
  const started = Date.now()
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

type Extras = { citations: { n: number; documentName: string; text: string }[]; conversation_id: string }

describe('the openai client', () => {
  it('lists the workspace assistant, the answer models and the embedding model', async () => {
    const ids = []
    for await (const model of client.models.list()) ids.push(model)
    expect(ids[0]).toMatchObject({ id: MODEL, object: 'model', owned_by: 'monitora' })
    expect(ids.map((model) => model.id)).toEqual(expect.arrayContaining(['mistral-small-latest', 'monitora-extractive', 'mistral-embed']))
  })

  it('chats with the workspace: a grounded, cited completion with its usage, saved in an api conversation', async () => {
    const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'How many days a week can employees work remotely?' }] })
    expect(completion.object).toBe('chat.completion')
    expect(completion.model).toBe(MODEL)
    expect(completion.choices).toHaveLength(1)
    expect(completion.choices[0]).toMatchObject({ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Employees may work remotely up to three days a week. [1]\n\n---\n[1] policy.md' } })
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(0)
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens)
    const extras = completion as unknown as Extras
    expect(extras.citations).toEqual([expect.objectContaining({ n: 1, documentName: 'policy.md' })])
    expect((await apiConversations(app.owner, app.ws.id)).find((c) => c.id === extras.conversation_id)).toMatchObject({ channel: 'api', messageCount: 2 })
  })

  it('streams the completion as server-sent chunks, usage last when asked, and continues the conversation with its history', async () => {
    const question = { role: 'user' as const, content: 'Which day is an office day?' }
    const stream = await client.chat.completions.create({ model: MODEL, messages: [question], stream: true, stream_options: { include_usage: true } })
    const chunks = []
    for await (const chunk of stream) chunks.push(chunk)
    expect(chunks[0].choices[0].delta).toMatchObject({ role: 'assistant' })
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1)
    const finish = chunks.find((chunk) => chunk.choices[0]?.finish_reason)!
    expect(finish.choices[0].finish_reason).toBe('stop')
    expect((finish as unknown as Extras).citations).toHaveLength(1)
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) } })
    const answer = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')
    expect(answer).toMatch(/ \[1\]\n\n---\n\[1\] policy\.md$/)

    const followUp = await client.chat.completions.create({ model: MODEL, messages: [question, { role: 'assistant', content: answer }, { role: 'user', content: 'And the allowance?' }] })
    const conversationId = (finish as unknown as Extras).conversation_id
    expect((followUp as unknown as Extras).conversation_id).toBe(conversationId)
    expect((await conversationMessages(app.owner, conversationId)).map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant'])
  })

  it('continues the conversation named by X-Monitora-Conversation, whatever history is sent', async () => {
    const first = (await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'What is the allowance?' }] })) as unknown as Extras
    const next = await client.chat.completions.create(
      { model: MODEL, messages: [{ role: 'user', content: 'Is Tuesday an office day?' }] },
      { headers: { 'X-Monitora-Conversation': first.conversation_id } },
    )
    expect((next as unknown as Extras).conversation_id).toBe(first.conversation_id)
  })

  it('saves a stream the client leaves as interrupted, unlocks the conversation, and answers 409 to a second question while one streams', async () => {
    app.mistral.script({ text: 'Employees may work remotely up to three days a week, as the policy says. [1]', chunkSize: 3, delayMs: 60 })
    const stream = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'How many remote days?' }], stream: true })
    let conversationId = ''
    for await (const chunk of stream) {
      expect(chunk.choices[0].delta.content).toBeTruthy()
      break
    }
    // The conversation of the interrupted answer: the newest API conversation.
    await until(async () => {
      conversationId = (await apiConversations(app.owner, app.ws.id))[0].id
      const messages = await conversationMessages(app.owner, conversationId)
      return messages.at(-1)?.text !== '' && messages.at(-1)?.status === 'interrupted'
    })
    expect((await conversationMessages(app.owner, conversationId)).map((m) => m.status)).toEqual(['complete', 'interrupted'])

    app.mistral.script({ text: 'A slow answer about the allowance [1]', chunkSize: 3, delayMs: 40 })
    const slow = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'What is the allowance?' }], stream: true }, { headers: { 'X-Monitora-Conversation': conversationId } })
    const reading = (async () => {
      for await (const _ of slow) void _
    })()
    await until(async () => (await conversationMessages(app.owner, conversationId)).length === 4)
    await expect(
      client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'And on Tuesdays?' }] }, { headers: { 'X-Monitora-Conversation': conversationId } }),
    ).rejects.toMatchObject({ status: 409, code: 'conflict:chat', constructor: OpenAI.ConflictError })
    await reading
  })

  it('passes temperature, max_tokens, stop, seed, response_format and the system message to the model', async () => {
    const before = answerRequests(app.mistral).length
    await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'system', content: 'Answer in JSON.' }, { role: 'user', content: 'What is the allowance?' }],
      temperature: 0.3,
      max_tokens: 40,
      stop: ['END'],
      seed: 11,
      response_format: { type: 'json_object' },
    })
    const request = answerRequests(app.mistral)[before]
    expect(request).toMatchObject({ temperature: 0.3, max_tokens: 40, stop: ['END'], random_seed: 11, response_format: { type: 'json_object' } })
    expect(JSON.stringify(request.messages[0])).toContain('Answer in JSON.')
  })

  it('passes a raw model through: no retrieval, nothing saved, finish_reason length at max_tokens', async () => {
    const rows = await settledChatRows()
    const completion = await client.chat.completions.create({ model: 'monitora-extractive', messages: [{ role: 'user', content: 'What is the allowance?' }], max_tokens: 3 })
    // The offline model has no sources without the workspace: it says so, cut at 3 words.
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'I could not' } })
    expect(completion).not.toHaveProperty('citations')
    const streamed = await client.chat.completions.create({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Say hi' }], stream: true })
    let text = ''
    for await (const chunk of streamed) text += chunk.choices[0]?.delta.content ?? ''
    expect(text).toBe('You asked: Say hi')
    expect(await settledChatRows()).toEqual(rows)
  })

  it('embeds: base64 by default (decoded by the client), floats when asked', async () => {
    const decoded = await client.embeddings.create({ model: 'mistral-embed', input: ['remote work', 'office day'] })
    expect(decoded.data.map((item) => item.index)).toEqual([0, 1])
    expect(decoded.data[0].embedding).toHaveLength(1024)
    expect(decoded.data[0].embedding[3]).toBeCloseTo(fakeEmbedding('remote work')[3], 6)
    expect(decoded.usage.prompt_tokens).toBeGreaterThan(0)
    const floats = await client.embeddings.create({ model: MODEL, input: 'office day', encoding_format: 'float' })
    expect(floats.data[0].embedding[0]).toBeCloseTo(decoded.data[1].embedding[0], 6)
  })

  it('answers errors in OpenAI’s format, which the client turns into its error classes', async () => {
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
      type: 'invalid_request_error',
      param: 'model',
      constructor: OpenAI.NotFoundError,
    })
    const wrongKey = new OpenAI({ baseURL: `${app.origin}/v1`, apiKey: 'sk_not-a-real-key', maxRetries: 0 })
    await expect(wrongKey.models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key', constructor: OpenAI.AuthenticationError })
    const huge = 'word '.repeat(140_000)
    await expect(client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: huge.slice(0, 15_000) }, { role: 'assistant', content: huge }, { role: 'user', content: 'and?' }] })).rejects.toMatchObject({
      status: 400,
      code: 'context_length_exceeded',
    })
  })
})
