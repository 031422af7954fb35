import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as conversationRoute from '@/app/api/conversations/[id]/route'
import * as messagesRoute from '@/app/api/conversations/[id]/messages/route'
import * as keepRoute from '@/app/api/messages/[id]/keep/route'
import * as retryRoute from '@/app/api/messages/[id]/retry/route'
import * as compareRoute from '@/app/api/workspaces/[ws]/compare/route'
import * as chatRoute from '@/app/api/workspaces/[ws]/chat/route'
import * as workspaceRoute from '@/app/api/workspaces/[ws]/route'
import { asService, sql } from '@/lib/db'
import { createWorkspace, quickPerson, type Person, type Workspace } from '@/tests/support/actors'
import { addDocuments, ask, question } from '@/tests/support/chat'
import { messageText, startFakeMistral, type FakeMistral } from '@/tests/support/fake-mistral'
import { ORIGIN, call, streamParts, streamedText } from '@/tests/support/http'

// The real @ai-sdk/mistral (and @ai-sdk/openai-compatible) providers, talking over HTTP to a
// scripted Mistral on loopback: streamed answers, provider errors, dropped and hanging streams,
// a client that goes away, two sends at once.
let mistral: FakeMistral
let owner: Person
let ws: Workspace
const saved = { ...process.env }

const policy = `# Remote work policy

## Days

Employees may work remotely up to three days a week. Tuesday is an office day for every team.

## Allowance

A flat allowance of 30 euros a month is paid to employees who work remotely at least one day a week.
`

beforeAll(async () => {
  mistral = await startFakeMistral()
  Object.assign(process.env, {
    MISTRAL_API_KEY: 'test-key',
    MISTRAL_BASE_URL: mistral.baseURL,
    OPENAI_COMPATIBLE_BASE_URL: mistral.baseURL,
    OPENAI_COMPATIBLE_MODELS: 'llama3.1:8b',
    CHAT_TIMEOUT_SECONDS: '5',
  })
  owner = await quickPerson('mistral')
  ws = await createWorkspace(owner)
  await call(workspaceRoute.PATCH, 'PATCH', `/api/workspaces/${ws.id}`, { cookie: owner.cookie, params: { ws: ws.id }, body: { systemPrompt: 'Always answer like a pirate.' } })
  await addDocuments(owner, ws.id, { 'policy.md': policy })
})

afterAll(async () => {
  process.env = saved
  await mistral.close()
})

const isAnswerRequest = (body: any) => !JSON.stringify(body.messages).includes('Write a title')
const answerRequests = () => mistral.chatRequests().filter(isAnswerRequest)
/** A new conversation's title request follows its first answer: tests wait for it before scripting more replies. */
const titleRequests = () => mistral.chatRequests().filter((body) => !isAnswerRequest(body)).length

async function messagesOf(conversationId: string) {
  const response = await call(messagesRoute.GET, 'GET', `/api/conversations/${conversationId}/messages`, { cookie: owner.cookie, params: { id: conversationId } })
  expect(response.status, response.text).toBe(200)
  return response.json.items as any[]
}

async function conversationRow(id: string) {
  const [row] = await asService((tx) => tx.query<{ busy: boolean; title: string }>(sql`select busy_until is not null as busy, title from conversations where id = ${id}`))
  return row
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 3000) {
  const started = Date.now()
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('chat through the Mistral provider', () => {
  it('grounds the model in the sources and the workspace prompt, streams its answer and saves usage, timings and a model-written title', async () => {
    const before = mistral.chatRequests().length
    mistral.script({ text: 'You may work remotely up to three days a week [1]. Tuesday is an office day [1].', chunkSize: 6, delayMs: 5, usage: { prompt: 321, completion: 17 } }, { text: 'Remote work days' })
    const { response, parts, conversationId, answerId } = await ask(owner, ws.id, 'How many days a week can I work remotely?')
    expect(response.status, response.text).toBe(200)
    expect(streamedText(parts)).toBe('You may work remotely up to three days a week [1]. Tuesday is an office day [1].')
    expect(parts.filter((part) => part.type === 'text-delta').length).toBeGreaterThan(5)
    expect(parts.at(-1)).toMatchObject({ type: 'finish', messageMetadata: { status: 'complete', model: 'mistral:mistral-small-latest', usage: { inputTokens: 321, outputTokens: 17 }, unanswered: false } })

    const [request] = mistral.chatRequests().slice(before)
    expect(request.model).toBe('mistral-small-latest')
    expect(request.stream).toBe(true)
    const system = messageText(request.messages[0].content)
    expect(request.messages[0].role).toBe('system')
    expect(system).toContain('Always answer like a pirate.')
    expect(system).toMatch(/<source n="1" document="policy.md">[\s\S]*three days a week/)
    expect(request.messages.at(-1)).toMatchObject({ role: 'user' })
    expect(messageText(request.messages.at(-1).content)).toBe('How many days a week can I work remotely?')

    const [, answer] = await messagesOf(conversationId)
    expect(answer).toMatchObject({ id: answerId, status: 'complete', usage: { inputTokens: 321, outputTokens: 17 }, model: 'mistral:mistral-small-latest' })
    expect(answer.ttftMs).toBeGreaterThanOrEqual(0)
    expect(answer.totalMs).toBeGreaterThanOrEqual(answer.ttftMs)
    expect(answer.citations.map((citation: any) => citation.n)).toEqual([1])
    // The title comes after the answer, from a second request that does not delay it.
    await until(async () => (await conversationRow(conversationId)).title === 'Remote work days')
  })

  it('uses the model chosen for the message, and sends the history of a follow-up', async () => {
    const titlesBefore = titleRequests()
    mistral.script({ text: 'Three days [1].' }, { text: 'Title' })
    const first = await ask(owner, ws.id, 'How many remote days are allowed?')
    await until(() => titleRequests() > titlesBefore)
    mistral.script({ text: 'Thirty euros a month [1].' })
    const before = mistral.chatRequests().length
    const second = await ask(owner, ws.id, 'and the allowance?', { conversationId: first.conversationId, model: 'mistral:mistral-large-latest' })
    expect(streamedText(second.parts)).toBe('Thirty euros a month [1].')
    const request = mistral.chatRequests().slice(before).find(isAnswerRequest)
    expect(request.model).toBe('mistral-large-latest')
    expect(request.messages.slice(1).map((message: any) => [message.role, messageText(message.content)])).toEqual([
      ['user', 'How many remote days are allowed?'],
      ['assistant', 'Three days [1].'],
      ['user', 'and the allowance?'],
    ])
    expect(messageText(request.messages[0].content)).toContain('30 euros a month')
  })

  it('answers with an OpenAI-compatible model, keeping only the history that fits its context', async () => {
    const { conversationId } = await ask(owner, ws.id, 'Tuesday?', { model: 'openai-compatible:llama3.1:8b' })
    // A long past: 30 exchanges of about 1,000 tokens each, far more than the model's 8,000.
    await asService(async (tx) => {
      for (let i = 0; i < 30; i++) {
        await tx.query(sql`insert into messages (workspace_id, conversation_id, role, content) values
          (${ws.id}, ${conversationId}, 'user', ${`old question ${i} ` + 'word '.repeat(800)}),
          (${ws.id}, ${conversationId}, 'assistant', ${`old answer ${i} ` + 'word '.repeat(800)})`)
      }
    })
    const before = mistral.chatRequests().length
    mistral.script({ text: 'Tuesday is an office day [1].' })
    const { parts } = await ask(owner, ws.id, 'Which day is an office day?', { conversationId, model: 'openai-compatible:llama3.1:8b' })
    expect(parts.at(-1).messageMetadata).toMatchObject({ status: 'complete', model: 'openai-compatible:llama3.1:8b' })
    const request = mistral.chatRequests().slice(before).find(isAnswerRequest)
    expect(request.model).toBe('llama3.1:8b')
    const history = request.messages.slice(1, -1)
    expect(history.length).toBeGreaterThan(0)
    expect(history.length).toBeLessThan(10)
    expect(history[0].role).toBe('user')
    expect(messageText(history.at(-1).content)).toContain('old answer 29')
    const promptChars = JSON.stringify(request.messages).length
    expect(promptChars / 4).toBeLessThan(8000)
  })
})

describe('comparing models', () => {
  it('streams the answers of several models side by side, saves each as a candidate, and keeps the one chosen', async () => {
    const reply = (body: any) =>
      isAnswerRequest(body)
        ? { text: body.model === 'mistral-large-latest' ? 'Large: three days a week [1].' : 'Small: three days [1].', chunkSize: 3, delayMs: body.model === 'mistral-large-latest' ? 8 : 2 }
        : { text: 'A title' }
    mistral.script(reply, reply, reply)
    const models = ['mistral:mistral-small-latest', 'mistral:mistral-large-latest', 'offline:monitora-extractive']
    const response = await call(compareRoute.POST, 'POST', `/api/workspaces/${ws.id}/compare`, {
      cookie: owner.cookie,
      params: { ws: ws.id },
      body: { message: question('How many days a week can employees work remotely?'), models },
    })
    expect(response.status, response.text).toBe(200)
    const parts = streamParts(response.text)
    const conversationId = parts.find((part) => part.type === 'data-conversation').data.id
    const latest = new Map<string, any>()
    for (const part of parts.filter((part) => part.type === 'data-candidate')) latest.set(part.id, part.data)
    expect([...latest.values()].map((candidate) => candidate.model).sort()).toEqual([...models].sort())
    const byModel = Object.fromEntries([...latest.values()].map((candidate) => [candidate.model, candidate]))
    expect(byModel['mistral:mistral-small-latest']).toMatchObject({ text: 'Small: three days [1].', status: 'complete' })
    expect(byModel['mistral:mistral-large-latest']).toMatchObject({ text: 'Large: three days a week [1].', status: 'complete' })
    expect(byModel['offline:monitora-extractive'].text).toContain('three days a week')
    for (const candidate of latest.values()) expect(candidate.totalMs).toBeGreaterThanOrEqual(candidate.ttftMs)
    // The larger model streams slower: several updates of its text went out before the last.
    expect(parts.filter((part) => part.type === 'data-candidate' && part.data.model === 'mistral:mistral-large-latest').length).toBeGreaterThan(2)

    const saved = await messagesOf(conversationId)
    expect(saved.filter((message) => message.role === 'assistant').every((message) => message.candidate)).toBe(true)
    expect(saved).toHaveLength(4)
    expect((await conversationRow(conversationId)).busy).toBe(false)

    const large = byModel['mistral:mistral-large-latest'].answerId
    const refused = await call(retryRoute.POST, 'POST', `/api/messages/${large}/retry`, { cookie: owner.cookie, params: { id: large }, body: {} })
    expect(refused.status).toBe(400)
    const kept = await call(keepRoute.POST, 'POST', `/api/messages/${large}/keep`, { cookie: owner.cookie, params: { id: large } })
    expect(kept.status, kept.text).toBe(200)
    expect(kept.json).toMatchObject({ id: large, candidate: false, text: 'Large: three days a week [1].' })
    expect((await messagesOf(conversationId)).map((message) => [message.role, message.id === large || message.role === 'user'])).toEqual([
      ['user', true],
      ['assistant', true],
    ])
    const again = await call(keepRoute.POST, 'POST', `/api/messages/${large}/keep`, { cookie: owner.cookie, params: { id: large } })
    expect(again.status).toBe(400)

    // The kept answer is the conversation's history from now on.
    const before = mistral.chatRequests().length
    mistral.script({ text: 'Thirty euros [1].' })
    await ask(owner, ws.id, 'and the allowance?', { conversationId })
    const request = mistral.chatRequests().slice(before).find(isAnswerRequest)
    expect(request.messages.slice(1, -1).map((message: any) => messageText(message.content))).toEqual(['How many days a week can employees work remotely?', 'Large: three days a week [1].'])
  })

  it('refuses fewer than two models, more than four, duplicates and unknown ones, saving nothing', async () => {
    const count = async () => (await asService((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from messages`)))[0].n
    const before = await count()
    for (const [models, code] of [
      [['mistral:mistral-small-latest'], 'bad_request:api'],
      [['a', 'b', 'c', 'd', 'e'], 'bad_request:api'],
      [['mistral:mistral-small-latest', 'mistral:mistral-small-latest'], 'bad_request:api'],
      [['mistral:mistral-small-latest', 'gpt-17'], 'bad_request:model'],
    ] as const) {
      const response = await call(compareRoute.POST, 'POST', `/api/workspaces/${ws.id}/compare`, { cookie: owner.cookie, params: { ws: ws.id }, body: { message: question('Remote days?'), models } })
      expect([response.status, response.json.error.code]).toEqual([400, code])
    }
    expect(await count()).toBe(before)
  })
})

describe('when things go wrong', () => {
  it('ends with rate_limited:model after the retry, keeps the question, unlocks the conversation, and a retry then answers', async () => {
    mistral.script({ status: 429, message: 'Requests rate limit exceeded', retryAfterMs: 5 }, { status: 429, message: 'Requests rate limit exceeded', retryAfterMs: 5 })
    const { response, parts, conversationId, answerId } = await ask(owner, ws.id, 'How much is the allowance?')
    expect(response.status).toBe(200)
    expect(parts.filter((part) => part.type === 'error')).toEqual([{ type: 'error', errorText: 'rate_limited:model' }])
    expect(parts.at(-1)).toMatchObject({ type: 'finish', messageMetadata: { status: 'failed', errorCode: 'rate_limited:model' } })
    const saved = await messagesOf(conversationId)
    expect(saved.map((message) => [message.role, message.status, message.errorCode])).toEqual([
      ['user', 'complete', null],
      ['assistant', 'failed', 'rate_limited:model'],
    ])
    expect((await conversationRow(conversationId)).busy).toBe(false)

    mistral.script({ text: 'The allowance is 30 euros a month [1].' })
    const retry = await call(retryRoute.POST, 'POST', `/api/messages/${answerId}/retry`, { cookie: owner.cookie, params: { id: answerId }, body: {} })
    expect(retry.status, retry.text).toBe(200)
    expect(streamedText(streamParts(retry.text))).toBe('The allowance is 30 euros a month [1].')
    const after = await messagesOf(conversationId)
    expect(after.map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ])
    expect(after[1].id).not.toBe(answerId)
  })

  it('ends with unavailable:model on a provider error', async () => {
    mistral.script({ status: 500, message: 'Internal error' }, { status: 500, message: 'Internal error' })
    const { parts, conversationId } = await ask(owner, ws.id, 'Is Tuesday an office day?')
    expect(parts.filter((part) => part.type === 'error')).toEqual([{ type: 'error', errorText: 'unavailable:model' }])
    expect((await messagesOf(conversationId))[1]).toMatchObject({ status: 'failed', errorCode: 'unavailable:model' })
  })

  it('keeps the partial answer of a stream the provider drops', async () => {
    mistral.script({ text: 'Employees may work remotely up to three days a week [1].', chunkSize: 5, dropAfterChars: 20 })
    const { parts, conversationId } = await ask(owner, ws.id, 'Remote days per week?')
    expect(parts.filter((part) => part.type === 'error')).toEqual([{ type: 'error', errorText: 'unavailable:model' }])
    const answer = (await messagesOf(conversationId))[1]
    expect(answer).toMatchObject({ status: 'failed', errorCode: 'unavailable:model', text: 'Employees may work r' })
    expect((await conversationRow(conversationId)).busy).toBe(false)
  })

  it('ends a model that stops sending with timeout:model after CHAT_TIMEOUT_SECONDS, keeping what it wrote', async () => {
    const abortedBefore = mistral.aborted
    mistral.script({ text: 'Tuesday is an office day for every team [1].', chunkSize: 4, hangAfterChars: 12 })
    const started = Date.now()
    const asking = ask(owner, ws.id, 'Which day is an office day?')
    // While the model hangs, what it wrote is already in the database: a crash now would keep it.
    await until(async () => {
      const [row] = await asService((tx) => tx.query<{ content: string; status: string }>(sql`select content, status from messages where role = 'assistant' order by created_at desc, seq desc limit 1`))
      return row?.status === 'streaming' && row.content === 'Tuesday is a'
    }, 4500)
    const { parts, conversationId } = await asking
    const elapsed = Date.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(5000)
    expect(elapsed).toBeLessThan(9000)
    expect(parts.filter((part) => part.type === 'error')).toEqual([{ type: 'error', errorText: 'timeout:model' }])
    expect((await messagesOf(conversationId))[1]).toMatchObject({ status: 'failed', errorCode: 'timeout:model', text: 'Tuesday is a' })
    await until(() => mistral.aborted > abortedBefore)
  }, 15_000)

  it('saves the partial answer as interrupted when the client goes away, and stops the model', async () => {
    const abortedBefore = mistral.aborted
    mistral.script({ text: 'word '.repeat(200), chunkSize: 5, delayMs: 10 })
    const response = await chatRoute.POST(
      new Request(`${ORIGIN}/api/workspaces/${ws.id}/chat`, {
        method: 'POST',
        headers: { cookie: owner.cookie, origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ message: question('Tell me everything about the remote work policy') }),
      }),
      { params: Promise.resolve({ ws: ws.id }) },
    )
    const reader = response.body!.getReader()
    let received = ''
    while (!received.includes('"text-delta"')) received += new TextDecoder().decode((await reader.read()).value)
    const conversationId = streamParts(received.slice(0, received.lastIndexOf('\n\n') + 2)).find((part) => part.type === 'data-conversation').data.id
    await reader.cancel()

    await until(async () => (await messagesOf(conversationId))[1]?.status === 'interrupted')
    const answer = (await messagesOf(conversationId))[1]
    expect(answer.text.length).toBeGreaterThan(0)
    expect(answer.text.length).toBeLessThan(1000)
    expect(answer.text.trim()).toMatch(/^(word ?)+$/)
    await until(() => mistral.aborted > abortedBefore)
    expect((await conversationRow(conversationId)).busy).toBe(false)
  })

  it('refuses a second send while an answer streams in the same conversation (409), saving nothing for it', async () => {
    const titlesBefore = titleRequests()
    mistral.script({ text: 'First.' }, { text: 'A title' })
    const { conversationId } = await ask(owner, ws.id, 'First question')
    // The new conversation's title request comes after its answer: let it take its reply first.
    await until(() => titleRequests() > titlesBefore)
    mistral.script({ text: 'slow '.repeat(40), chunkSize: 5, delayMs: 15 })
    const first = ask(owner, ws.id, 'A slow question', { conversationId })
    // Under way: the lock is taken before the first byte, the question and its answer saved just after.
    await until(async () => (await conversationRow(conversationId)).busy && (await messagesOf(conversationId)).length === 4)
    const countBefore = (await messagesOf(conversationId)).length
    const second = await ask(owner, ws.id, 'An impatient question', { conversationId })
    expect(second.response.status).toBe(409)
    expect(second.response.json.error.code).toBe('conflict:chat')
    expect((await messagesOf(conversationId)).length).toBe(countBefore)
    const done = await first
    expect(done.parts.at(-1).messageMetadata.status).toBe('complete')
    mistral.script({ text: 'Now it works.' })
    const third = await ask(owner, ws.id, 'Again', { conversationId })
    expect(streamedText(third.parts)).toBe('Now it works.')
  })

  it('answers one JSON object with stream:false', async () => {
    mistral.script({ text: 'Up to three days [1].' })
    const { response } = await ask(owner, ws.id, 'Remote days?', { stream: false })
    expect(response.status, response.text).toBe(200)
    expect(response.json.message).toMatchObject({ role: 'assistant', text: 'Up to three days [1].', status: 'complete', citations: [{ n: 1, documentName: 'policy.md' }] })
    const conversation = await call(conversationRoute.GET, 'GET', `/api/conversations/${response.json.conversationId}`, { cookie: owner.cookie, params: { id: response.json.conversationId } })
    expect(conversation.json.messageCount).toBe(2)
  })
})

afterAll(() => {
  expect(answerRequests().length).toBeGreaterThan(5)
})
