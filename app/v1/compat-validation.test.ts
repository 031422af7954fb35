import { beforeAll, describe, expect, it } from 'vitest'
import * as ollamaChat from '@/app/ollama/api/chat/route'
import * as ollamaEmbed from '@/app/ollama/api/embed/route'
import * as ollamaTags from '@/app/ollama/api/tags/route'
import * as openaiChat from '@/app/v1/chat/completions/route'
import * as openaiModels from '@/app/v1/models/route'
import { fingerprint, revokeKey, createKey, twoWorkspaces, type Key } from '@/tests/support/actors'
import { ask, chatRows } from '@/tests/support/chat'
import { call, type CallResult } from '@/tests/support/http'

// Bad input and tenancy on both compatible APIs: each refusal in the API's own error format,
// with the right status, and not one row written (row snapshots before and after).
let cast: Awaited<ReturnType<typeof twoWorkspaces>>
let revoked: Key
let conversationOfB: string
let dashboardConversationOfA: string

beforeAll(async () => {
  cast = await twoWorkspaces()
  revoked = await createKey(cast.ownerA, cast.A.id)
  await revokeKey(cast.ownerA, cast.A.id, revoked.id)
  const fromB = await call(openaiChat.POST, 'POST', '/v1/chat/completions', { bearer: cast.secretB.token, body: { model: 'monitora', messages: [{ role: 'user', content: 'Hello from Bravo' }] } })
  expect(fromB.status, fromB.text).toBe(200)
  conversationOfB = fromB.json.conversation_id
  dashboardConversationOfA = (await ask(cast.ownerA, cast.A.id, 'A dashboard question')).conversationId
})

const ollamaError = (response: CallResult) => {
  expect(Object.keys(response.json ?? {}), response.text).toEqual(['error'])
  expect(typeof response.json.error).toBe('string')
  return response.json.error as string
}

const openaiError = (response: CallResult) => {
  expect(Object.keys(response.json ?? {}), response.text).toEqual(['error'])
  expect(Object.keys(response.json.error).sort()).toEqual(['code', 'message', 'param', 'type'])
  return response.json.error as { message: string; type: string; code: string; param: string | null }
}

const question = (content: string) => [{ role: 'user', content }]

interface Case {
  name: string
  status: number
  /** OpenAI's error code (Ollama's body has only the message). */
  code: string
  auth?: 'none' | 'cookie' | 'public' | 'revoked' | 'malformed' | 'secretA'
  body?: Record<string, unknown>
  rawBody?: string
  headers?: () => Record<string, string>
  message: RegExp
}

const big = 'word '.repeat(20_000)

const cases: Case[] = [
  { name: 'no key', auth: 'none', status: 401, code: 'invalid_api_key', message: /secret key/ },
  { name: 'a session cookie instead of a key', auth: 'cookie', status: 401, code: 'invalid_api_key', message: /secret key/ },
  { name: 'a public key', auth: 'public', status: 403, code: 'forbidden:key', message: /public key/ },
  { name: 'a revoked key', auth: 'revoked', status: 401, code: 'invalid_api_key', message: /revoked/ },
  { name: 'a malformed Authorization header', auth: 'malformed', status: 401, code: 'invalid_api_key', message: /Bearer/ },
  { name: 'another workspace’s assistant', body: { model: 'monitora/bravo', messages: question('hi') }, status: 404, code: 'model_not_found', message: /"monitora\/bravo" does not exist/ },
  { name: 'an unknown model', body: { model: 'gpt-5', messages: question('hi') }, status: 404, code: 'model_not_found', message: /"gpt-5" does not exist/ },
  { name: 'no model', body: { messages: question('hi') }, status: 400, code: 'bad_request:api', message: /model/ },
  { name: 'messages that are not a list', body: { model: 'monitora', messages: 'hi' }, status: 400, code: 'bad_request:api', message: /messages/ },
  { name: 'an unknown role', body: { model: 'monitora', messages: [{ role: 'robot', content: 'hi' }] }, status: 400, code: 'bad_request:api', message: /role/ },
  { name: 'content that is not text', body: { model: 'monitora', messages: [{ role: 'user', content: 42 }] }, status: 400, code: 'bad_request:api', message: /content/ },
  { name: 'an answer as the last message', body: { model: 'monitora', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] }, status: 400, code: 'bad_request:message', message: /last message must be the user’s question/ },
  { name: 'an empty question', body: { model: 'monitora', messages: question('   ') }, status: 400, code: 'bad_request:message', message: /empty/ },
  { name: 'a tool message', body: { model: 'monitora', messages: [{ role: 'tool', content: '{}' }, ...question('hi')] }, status: 400, code: 'bad_request:message', message: /Tool messages/ },
  { name: 'a question with a NUL character, which the database cannot store', body: { model: 'monitora', messages: question('Who hands out\u0000 laptops?') }, status: 400, code: 'bad_request:message', message: /NUL character/ },
  { name: 'an over-long question', body: { model: 'monitora', messages: question('x'.repeat(16_001)) }, status: 400, code: 'bad_request:message', message: /at most 16,000 characters/ },
  { name: 'an over-long context', body: { model: 'monitora', messages: [...question(big), { role: 'assistant', content: big }, ...question('and?')] }, status: 400, code: 'context_length_exceeded', message: /tokens; this model reads at most/ },
  { name: 'a body that is not JSON', rawBody: '{"model": ', status: 400, code: 'bad_request:api', message: /not valid JSON/ },
  { name: 'another workspace’s conversation', body: { model: 'monitora', messages: question('hi') }, headers: () => ({ 'x-monitora-conversation': conversationOfB }), status: 404, code: 'not_found:conversation', message: /conversation was not found/ },
  { name: 'a person’s dashboard conversation', body: { model: 'monitora', messages: question('hi') }, headers: () => ({ 'x-monitora-conversation': dashboardConversationOfA }), status: 403, code: 'forbidden:conversation', message: /./ },
  { name: 'a conversation header that is not an id', body: { model: 'monitora', messages: question('hi') }, headers: () => ({ 'x-monitora-conversation': 'last' }), status: 400, code: 'bad_request:api', message: /X-Monitora-Conversation/ },
]

function credentials(auth: Case['auth']) {
  switch (auth) {
    case 'none':
      return {}
    case 'cookie':
      return { cookie: cast.ownerA.cookie }
    case 'public':
      return { bearer: cast.publicA.token }
    case 'revoked':
      return { bearer: revoked.token }
    case 'malformed':
      return { headers: { authorization: `Token ${cast.secretA.token}` } }
    default:
      return { bearer: cast.secretA.token }
  }
}

async function refused(handler: typeof ollamaChat.POST, path: string, test: Case) {
  const before = { rows: await chatRows(), a: await fingerprint(cast.A.id), b: await fingerprint(cast.B.id) }
  const auth = credentials(test.auth)
  const response = await call(handler, 'POST', path, {
    ...auth,
    headers: { ...('headers' in auth ? auth.headers : {}), ...(test.rawBody ? { 'content-type': 'application/json' } : {}), ...test.headers?.() },
    ...(test.rawBody ? { rawBody: test.rawBody } : { body: test.body ?? { model: 'monitora', messages: question('hi') } }),
  })
  expect(response.status, response.text).toBe(test.status)
  expect({ rows: await chatRows(), a: await fingerprint(cast.A.id), b: await fingerprint(cast.B.id) }).toEqual(before)
  return response
}

describe('the Ollama-compatible API refuses bad input and other tenants in Ollama’s format', () => {
  for (const test of cases) {
    it(`${test.name}: ${test.status}`, async () => {
      const response = await refused(ollamaChat.POST, '/ollama/api/chat', test)
      expect(ollamaError(response)).toMatch(test.message)
    })
  }
})

describe('the OpenAI-compatible API refuses bad input and other tenants in OpenAI’s format', () => {
  for (const test of cases) {
    it(`${test.name}: ${test.status}`, async () => {
      const error = openaiError(await refused(openaiChat.POST, '/v1/chat/completions', test))
      expect(error.code).toBe(test.code)
      expect(error.message).toMatch(test.message)
      expect(error.type).toBe({ 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'invalid_request_error' }[test.status])
    })
  }
  it('refuses more than one choice', async () => {
    const error = openaiError(await refused(openaiChat.POST, '/v1/chat/completions', { name: 'n', body: { model: 'monitora', n: 2, messages: question('hi') }, status: 400, code: 'bad_request:api', message: /n = 1/ }))
    expect(error.message).toMatch(/only one choice/)
  })
})

describe('a key sees its own workspace only', () => {
  it('lists its workspace’s assistant, never another’s', async () => {
    const tags = await call(ollamaTags.GET, 'GET', '/ollama/api/tags', { bearer: cast.secretA.token })
    const names = tags.json.models.map((model: { name: string }) => model.name)
    expect(names).toContain('monitora/alpha-confidential:latest')
    expect(names.filter((name: string) => name.startsWith('monitora/'))).toEqual(['monitora/alpha-confidential:latest'])
    const models = await call(openaiModels.GET, 'GET', '/v1/models', { bearer: cast.secretB.token })
    expect(models.json.data.filter((model: { id: string }) => model.id.startsWith('monitora/')).map((model: { id: string }) => model.id)).toEqual(['monitora/bravo'])
  })

  it('answers a list or an embedding without a key with each API’s 401', async () => {
    expect(ollamaError(await call(ollamaTags.GET, 'GET', '/ollama/api/tags'))).toMatch(/secret key/)
    expect(openaiError(await call(openaiModels.GET, 'GET', '/v1/models')).code).toBe('invalid_api_key')
    // Without an embedding model configured (the embedded default), embeddings say so.
    const embed = await call(ollamaEmbed.POST, 'POST', '/ollama/api/embed', { bearer: cast.secretA.token, body: { model: 'monitora', input: 'hello' } })
    expect(embed.status).toBe(400)
    expect(ollamaError(embed)).toMatch(/No embedding model is configured/)
  })
})
