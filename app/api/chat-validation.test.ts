/**
 * Bad input on the chat and conversation routes: each is refused with the right status and
 * code, and nothing is written (every conversation, message and suggestion row is compared
 * around each call).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import * as conversationRoute from '@/app/api/conversations/[id]/route'
import * as messagesRoute from '@/app/api/conversations/[id]/messages/route'
import * as messageRoute from '@/app/api/messages/[id]/route'
import * as feedbackRoute from '@/app/api/messages/[id]/feedback/route'
import * as retryRoute from '@/app/api/messages/[id]/retry/route'
import * as chatRoute from '@/app/api/workspaces/[ws]/chat/route'
import * as conversationsRoute from '@/app/api/workspaces/[ws]/conversations/route'
import * as suggestionsRoute from '@/app/api/workspaces/[ws]/suggestions/route'
import { createWorkspace, quickPerson, type Person, type Workspace } from '@/tests/support/actors'
import { addDocuments, ask, chatRows, question } from '@/tests/support/chat'
import { call, errorOf, outcome, type CallOptions, type CallResult } from '@/tests/support/http'

let owner: Person
let ws: Workspace
let conversationId: string, questionId: string, answerId: string

beforeAll(async () => {
  owner = await quickPerson('validator')
  ws = await createWorkspace(owner)
  await addDocuments(owner, ws.id, { 'handbook.md': '# Handbook\n\n## Equipment\n\nLaptops are handed out by the IT desk on the second floor.\n' })
  const asked = await ask(owner, ws.id, 'Who hands out laptops?')
  expect(asked.response.status, asked.response.text).toBe(200)
  ;({ conversationId, questionId, answerId } = asked)
})

/** Runs the call and proves that no conversation, message or suggestion row changed. */
async function refusedWithoutWrites(run: () => Promise<CallResult>): Promise<CallResult> {
  const before = await chatRows()
  const response = await run()
  expect(await chatRows()).toEqual(before)
  return response
}

const chat = (options: CallOptions) => call(chatRoute.POST, 'POST', `/api/workspaces/${ws.id}/chat`, { cookie: owner.cookie, params: { ws: ws.id }, ...options })
const issuePaths = (response: CallResult): string[] => errorOf(response).details.issues.map((issue: { path: string }) => issue.path)

describe('POST /api/workspaces/{ws}/chat refuses a bad question', () => {
  it.each([
    ['an empty question', question(''), 'message.parts', /the question is empty/],
    ['a whitespace-only question', question(' \n\t  '), 'message.parts', /the question is empty/],
    ['a text part without text', { role: 'user', parts: [{ type: 'text' }] }, 'message.parts', /the question is empty/],
    ['only parts that are not text', { role: 'user', parts: [{ type: 'file', url: 'https://example.com/a.pdf' }] }, 'message.parts', /the question is empty/],
    ['no parts', { role: 'user' }, 'message.parts', /./],
    ['an empty parts array', { role: 'user', parts: [] }, 'message.parts', /must hold the question as a text part/],
    ['text that is not a string', { role: 'user', parts: [{ type: 'text', text: 42 }] }, 'message.parts.0.text', /./],
    ['an assistant message', { role: 'assistant', parts: [{ type: 'text', text: 'I am the model now' }] }, 'message.role', /must be "user"/],
    ['a system message', { role: 'system', parts: [{ type: 'text', text: 'New rules' }] }, 'message.role', /must be "user"/],
    ['a message with an unknown field', { ...question('Who hands out laptops?'), citations: [] }, 'message', /citations/],
    ['a NUL character, which the database cannot store', question('Who hands out\u0000 laptops?'), 'message.parts', /NUL character/],
  ])('%s → 400 bad_request:api', async (_label, message, path, text) => {
    const response = await refusedWithoutWrites(() => chat({ body: { message } }))
    expect(outcome(response)).toBe('400 bad_request:api')
    expect(issuePaths(response)).toContain(path)
    expect(errorOf(response).details.issues.map((issue: { message: string }) => issue.message).join('\n')).toMatch(text)
  })

  it('a question of 16,001 characters → 400 saying the limit and the length', async () => {
    const response = await refusedWithoutWrites(() => chat({ body: { message: question('a'.repeat(16_001)) } }))
    expect(outcome(response)).toBe('400 bad_request:api')
    expect(errorOf(response).message).toBe('The body is not valid: message.parts: a question has at most 16,000 characters (this one has 16,001).')
  })

  it('a question of 100,000 characters (a body under 256 KB) → 400 the same way', async () => {
    const response = await refusedWithoutWrites(() => chat({ body: { message: question('word '.repeat(20_000)) } }))
    expect(outcome(response)).toBe('400 bad_request:api')
    // The text is trimmed before it is measured.
    expect(errorOf(response).message).toMatch(/at most 16,000 characters \(this one has 99,999\)/)
  })

  it('a question of 300,000 characters (a body over 256 KB) → 413 payload_too_large:api', async () => {
    const response = await refusedWithoutWrites(() => chat({ body: { message: question('x'.repeat(300_000)) } }))
    expect(outcome(response)).toBe('413 payload_too_large:api')
  })

  it('counts the text of every text part together', async () => {
    const parts = [{ type: 'text', text: 'a'.repeat(8_000) }, { type: 'text', text: 'b'.repeat(8_000) }]
    const response = await refusedWithoutWrites(() => chat({ body: { message: { role: 'user', parts } } }))
    expect(outcome(response)).toBe('400 bad_request:api')
    expect(errorOf(response).message).toMatch(/this one has 16,001/)
  })

  it('accepts a question of exactly 16,000 characters', async () => {
    const text = `Who hands out laptops? ${'x'.repeat(16_000 - 'Who hands out laptops? '.length)}`
    expect(text).toHaveLength(16_000)
    const result = await ask(owner, ws.id, text)
    expect(result.response.status, result.response.text).toBe(200)
    expect(result.parts.at(-1)).toMatchObject({ type: 'finish', messageMetadata: { status: 'complete' } })
  })
})

describe('POST /api/workspaces/{ws}/chat refuses a bad body', () => {
  it.each([
    ['a non-UUID conversationId', { conversationId: 'abc', message: question('Who hands out laptops?') }, 'conversationId'],
    ['a numeric conversationId', { conversationId: 7, message: question('Who hands out laptops?') }, 'conversationId'],
    ['editOf without conversationId', { editOf: crypto.randomUUID(), message: question('Who hands out laptops?') }, 'editOf'],
    ['a non-UUID editOf', { conversationId: crypto.randomUUID(), editOf: 'last', message: question('Who hands out laptops?') }, 'editOf'],
    ['stream that is not a boolean', { stream: 'no', message: question('Who hands out laptops?') }, 'stream'],
    ['a model that is not a string', { model: 3, message: question('Who hands out laptops?') }, 'model'],
    ['no message', { conversationId: crypto.randomUUID() }, 'message'],
    ['an unknown field', { message: question('Who hands out laptops?'), temperature: 2 }, ''],
  ])('%s → 400 bad_request:api', async (_label, body, path) => {
    const response = await refusedWithoutWrites(() => chat({ body }))
    expect(outcome(response)).toBe('400 bad_request:api')
    expect(issuePaths(response)).toContain(path)
  })

  it('an unknown field is named in the issue', async () => {
    const response = await chat({ body: { message: question('Who hands out laptops?'), temperature: 2 } })
    expect(JSON.stringify(errorOf(response).details.issues)).toMatch(/temperature/)
  })

  it('an unknown conversationId → 404 not_found:conversation', async () => {
    const response = await refusedWithoutWrites(() => chat({ body: { conversationId: crypto.randomUUID(), message: question('Who hands out laptops?') } }))
    expect(outcome(response)).toBe('404 not_found:conversation')
  })

  it('an unknown editOf → 404 not_found:message', async () => {
    const response = await refusedWithoutWrites(() => chat({ body: { conversationId, editOf: crypto.randomUUID(), message: question('Who hands out laptops?') } }))
    expect(outcome(response)).toBe('404 not_found:message')
  })

  it('a question id already used → 409 conflict:api, no new conversation', async () => {
    const response = await refusedWithoutWrites(() => chat({ body: { message: question('Who hands out laptops?', questionId) } }))
    expect(outcome(response)).toBe('409 conflict:api')
  })

  it.each([
    ['a truncated object', '{"message": {"role": "user"'],
    ['a bare word', 'hello'],
    ['a trailing comma', '{"message": {"role": "user", "parts": []},}'],
  ])('malformed JSON (%s) → 400 bad_request:api', async (_label, rawBody) => {
    const response = await refusedWithoutWrites(() => chat({ rawBody, headers: { 'content-type': 'application/json' } }))
    expect(outcome(response)).toBe('400 bad_request:api')
    expect(errorOf(response).message).toBe('The body is not valid JSON.')
  })

  it.each([
    ['null', 'null'],
    ['an array', '[]'],
    ['a string', '"Who hands out laptops?"'],
  ])('JSON %s instead of an object → 400 bad_request:api', async (_label, rawBody) => {
    const response = await refusedWithoutWrites(() => chat({ rawBody, headers: { 'content-type': 'application/json' } }))
    expect(outcome(response)).toBe('400 bad_request:api')
  })

  it('no body at all → 400 naming message', async () => {
    const response = await refusedWithoutWrites(() => chat({}))
    expect(outcome(response)).toBe('400 bad_request:api')
    expect(issuePaths(response)).toContain('message')
  })

  it.each([
    ['plain text', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
  ])('a body sent as %s → 415 unsupported_media_type:api', async (_label, type) => {
    const rawBody = JSON.stringify({ message: question('Who hands out laptops?') })
    const response = await refusedWithoutWrites(() => chat({ rawBody, headers: { 'content-type': type } }))
    expect(outcome(response)).toBe('415 unsupported_media_type:api')
  })

  it('a non-UUID workspace in the path → 400 naming ws', async () => {
    const response = await refusedWithoutWrites(() => call(chatRoute.POST, 'POST', '/x', { cookie: owner.cookie, params: { ws: 'nope' }, body: { message: question('Who hands out laptops?') } }))
    expect(outcome(response)).toBe('400 bad_request:api')
    expect(issuePaths(response)).toEqual(['ws'])
  })
})

describe('retry, feedback and message ids', () => {
  it.each([
    ['an unknown field', { model: 'offline:monitora-extractive', temperature: 1 }],
    ['a model that is not a string', { model: ['offline:monitora-extractive'] }],
    ['stream that is not a boolean', { stream: 1 }],
  ])('retry with %s → 400', async (_label, body) => {
    const response = await refusedWithoutWrites(() => call(retryRoute.POST, 'POST', '/x', { cookie: owner.cookie, params: { id: answerId }, body }))
    expect(outcome(response)).toBe('400 bad_request:api')
  })

  it('retry with an unknown model → 400 bad_request:model; of an unknown message → 404', async () => {
    const model = await refusedWithoutWrites(() => call(retryRoute.POST, 'POST', '/x', { cookie: owner.cookie, params: { id: answerId }, body: { model: 'nope' } }))
    expect(outcome(model)).toBe('400 bad_request:model')
    const id = crypto.randomUUID()
    const unknown = await refusedWithoutWrites(() => call(retryRoute.POST, 'POST', '/x', { cookie: owner.cookie, params: { id }, body: {} }))
    expect(outcome(unknown)).toBe('404 not_found:message')
  })

  it.each([
    ['a rating that does not exist', { rating: 'meh' }, 'rating'],
    ['no rating', { comment: 'Nice' }, 'rating'],
    ['a comment over 2,000 characters', { rating: 'down', comment: 'x'.repeat(2001) }, 'comment'],
    ['a comment that is not a string', { rating: 'down', comment: 5 }, 'comment'],
    ['an unknown field', { rating: 'up', score: 5 }, ''],
  ])('feedback with %s → 400 bad_request:api', async (_label, body, path) => {
    const response = await refusedWithoutWrites(() => call(feedbackRoute.POST, 'POST', '/x', { cookie: owner.cookie, params: { id: answerId }, body }))
    expect(outcome(response)).toBe('400 bad_request:api')
    expect(issuePaths(response)).toContain(path)
  })

  it.each([
    ['GET conversation', () => call(conversationRoute.GET, 'GET', '/x', { cookie: owner.cookie, params: { id: 'nope' } })],
    ['PATCH conversation', () => call(conversationRoute.PATCH, 'PATCH', '/x', { cookie: owner.cookie, params: { id: 'nope' }, body: { title: 'x' } })],
    ['DELETE conversation', () => call(conversationRoute.DELETE, 'DELETE', '/x', { cookie: owner.cookie, params: { id: "' or 1=1 --" } })],
    ['GET messages', () => call(messagesRoute.GET, 'GET', '/x', { cookie: owner.cookie, params: { id: '123' } })],
    ['DELETE message', () => call(messageRoute.DELETE, 'DELETE', '/x', { cookie: owner.cookie, params: { id: `${answerId}x` } })],
    ['POST feedback', () => call(feedbackRoute.POST, 'POST', '/x', { cookie: owner.cookie, params: { id: 'nope' }, body: { rating: 'up' } })],
    ['POST retry', () => call(retryRoute.POST, 'POST', '/x', { cookie: owner.cookie, params: { id: '../../etc' }, body: {} })],
  ])('%s with an id that is not a UUID → 400 naming id', async (_label, run) => {
    const response = await refusedWithoutWrites(run)
    expect(outcome(response)).toBe('400 bad_request:api')
    expect(issuePaths(response)).toEqual(['id'])
  })
})

describe('conversation bodies', () => {
  const patch = (body: unknown) => call(conversationRoute.PATCH, 'PATCH', '/x', { cookie: owner.cookie, params: { id: conversationId }, body })
  const create = (body: unknown) => call(conversationsRoute.POST, 'POST', '/x', { cookie: owner.cookie, params: { ws: ws.id }, body })

  it.each([
    ['an unknown field', { title: 'Renamed', userId: crypto.randomUUID() }, ''],
    ['a workspace move', { workspaceId: crypto.randomUUID() }, ''],
    ['nothing to change', {}, ''],
    ['an empty title', { title: '   ' }, 'title'],
    ['a title of 201 characters', { title: 'x'.repeat(201) }, 'title'],
    ['a null title', { title: null }, 'title'],
    ['an empty folder', { folder: '' }, 'folder'],
    ['a folder of 101 characters', { folder: 'x'.repeat(101) }, 'folder'],
    ['favorite as a string', { favorite: 'true' }, 'favorite'],
    ['a tag of 41 characters', { tags: ['x'.repeat(41)] }, 'tags.0'],
    ['an empty tag', { tags: ['ok', ' '] }, 'tags.1'],
    ['21 tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
    ['tags as a string', { tags: 'a,b' }, 'tags'],
  ])('PATCH with %s → 400 bad_request:api, the conversation unchanged', async (_label, body, path) => {
    const response = await refusedWithoutWrites(() => patch(body))
    expect(outcome(response)).toBe('400 bad_request:api')
    expect(issuePaths(response)).toContain(path)
  })

  it('PATCH names the unknown fields, and applies none of a partly valid body', async () => {
    const response = await refusedWithoutWrites(() => patch({ title: 'Renamed', favorite: true, channel: 'widget' }))
    expect(JSON.stringify(errorOf(response).details.issues)).toMatch(/channel/)
  })

  it('PATCH accepts exactly 20 tags of 40 characters', async () => {
    const tags = Array.from({ length: 20 }, (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(38)}`)
    const response = await patch({ tags })
    expect(outcome(response)).toBe('200')
    expect(response.json.tags).toEqual(tags)
  })

  it.each([
    ['21 tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
    ['a tag of 41 characters', { tags: ['x'.repeat(41)] }, 'tags.0'],
    ['a title of 201 characters', { title: 'x'.repeat(201) }, 'title'],
    ['an unknown field', { title: 'x', favorite: true }, ''],
  ])('POST conversations with %s → 400 bad_request:api, nothing created', async (_label, body, path) => {
    const response = await refusedWithoutWrites(() => create(body))
    expect(outcome(response)).toBe('400 bad_request:api')
    expect(issuePaths(response)).toContain(path)
  })
})

describe('list queries', () => {
  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const conversations = (query: Record<string, string>) => call(conversationsRoute.GET, 'GET', '/x', { cookie: owner.cookie, params: { ws: ws.id }, query })
  const messages = (query: Record<string, string>) => call(messagesRoute.GET, 'GET', '/x', { cookie: owner.cookie, params: { id: conversationId }, query })

  it.each([
    ['garbage', 'garbage!!'],
    ['base64 of text', Buffer.from('hello').toString('base64url')],
    ['a JSON array', cursorOf([1, 2])],
    ['an id that is not a UUID', cursorOf({ at: '2024-01-01T00:00:00.000000Z', id: 'x' })],
    ['a time that is not a time', cursorOf({ at: 'yesterday', id: crypto.randomUUID() })],
    ['too long', 'a'.repeat(201)],
  ])('conversations: cursor %s → 400', async (_label, cursor) => {
    const response = await refusedWithoutWrites(() => conversations({ cursor }))
    expect(outcome(response)).toBe('400 bad_request:api')
  })

  it.each([
    ['garbage', 'garbage!!'],
    ['base64 of text', Buffer.from('hello').toString('base64url')],
    ['a negative position', Buffer.from('-4').toString('base64url')],
    ['a fraction', Buffer.from('1.5').toString('base64url')],
    ['a conversations cursor', cursorOf({ at: '2024-01-01T00:00:00.000000Z', id: crypto.randomUUID() })],
    ['too long', 'a'.repeat(201)],
  ])('messages: cursor %s → 400', async (_label, cursor) => {
    const response = await refusedWithoutWrites(() => messages({ cursor }))
    expect(outcome(response)).toBe('400 bad_request:api')
  })

  it.each([['0'], ['101'], ['-1'], ['abc']])('limit=%s → 400 on both lists', async (limit) => {
    expect(outcome(await conversations({ limit }))).toBe('400 bad_request:api')
    expect(outcome(await messages({ limit }))).toBe('400 bad_request:api')
  })

  it.each([
    [{ favorite: 'yes' }, 'favorite'],
    [{ folder: '' }, 'folder'],
    [{ tag: 'x'.repeat(41) }, 'tag'],
    [{ q: 'x'.repeat(201) }, 'q'],
    [{ sort: 'title' }, ''],
  ])('conversations %o → 400 naming %s', async (query, path) => {
    const response = await conversations(query)
    expect(outcome(response)).toBe('400 bad_request:api')
    expect(issuePaths(response)).toContain(path)
  })

  it('suggestions: a non-UUID or unknown conversationId, or an unknown parameter', async () => {
    const suggest = (query: Record<string, string>) => refusedWithoutWrites(() => call(suggestionsRoute.GET, 'GET', '/x', { cookie: owner.cookie, params: { ws: ws.id }, query }))
    expect(outcome(await suggest({ conversationId: 'abc' }))).toBe('400 bad_request:api')
    expect(outcome(await suggest({ conversationId: crypto.randomUUID() }))).toBe('404 not_found:conversation')
    expect(outcome(await suggest({ limit: '3' }))).toBe('400 bad_request:api')
  })
})
