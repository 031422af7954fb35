import { createHmac } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import * as embedRoute from '@/app/embed.js/route'
import * as chatRoute from '@/app/api/widget/chat/route'
import * as configRoute from '@/app/api/widget/config/route'
import * as feedbackRoute from '@/app/api/widget/feedback/route'
import * as historyRoute from '@/app/api/widget/history/route'
import * as identifyRoute from '@/app/api/widget/identify/route'
import * as resetRoute from '@/app/api/widget/reset/route'
import * as conversationsRoute from '@/app/api/workspaces/[ws]/conversations/route'
import * as secretRoute from '@/app/api/workspaces/[ws]/widget/secret/route'
import * as pageRoute from '@/app/widget/[pk]/route'
import { asService, sql } from '@/lib/db'
import { addMember, createKey, createWorkspace, quickPerson, randomIp, revokeKey, type Key, type Person, type Workspace } from '@/tests/support/actors'
import { addDocuments, chatRows } from '@/tests/support/chat'
import { call, errorOf, ORIGIN, outcome, streamedText } from '@/tests/support/http'
import { configureWidget, widgetCall } from '@/tests/support/widget'

let owner: Person
let ws: Workspace
let key: Key
let other: Workspace
let otherKey: Key

const SITE = 'https://shop.example.com'
const question = (text: string) => ({ message: { role: 'user', parts: [{ type: 'text', text }] } })

const handbook = `# Customer guide

## Returns

Parcels can be returned within thirty days in any post office, free of charge.

## Delivery

Orders placed before noon leave the warehouse the same day.
`

async function newVisitor(k = key, ip = randomIp()): Promise<string> {
  const response = await widgetCall(configRoute.GET, 'GET', '/api/widget/config', { key: k.token, ip })
  expect(outcome(response), response.text).toBe('200')
  return response.json.visitorToken
}

const askWidget = (token: string, text: string, ip = randomIp(), k = key) => widgetCall(chatRoute.POST, 'POST', '/api/widget/chat', { key: k.token, token, body: question(text), ip })
const historyOf = (token: string, k = key) => widgetCall(historyRoute.GET, 'GET', '/api/widget/history', { key: k.token, token, ip: randomIp() })

beforeAll(async () => {
  owner = await quickPerson('owner')
  ws = await createWorkspace(owner)
  key = await createKey(owner, ws.id, 'public')
  await configureWidget(owner, ws.id, { allowedDomains: ['shop.example.com', '*.example.org'], widget: { title: 'Shop help', greeting: 'Hello!', color: '#0f766e' } })
  await addDocuments(owner, ws.id, { 'guide.md': handbook })
  other = await createWorkspace(owner)
  otherKey = await createKey(owner, other.id, 'public')
  await configureWidget(owner, other.id, { allowedDomains: ['shop.example.com'] })
})

describe('a visitor of an allowed site', () => {
  it('gets the widget settings, starter questions and a visitor token', async () => {
    const response = await widgetCall(configRoute.GET, 'GET', '/api/widget/config', { key: key.token, ip: randomIp() })
    expect(outcome(response), response.text).toBe('200')
    expect(response.json).toMatchObject({ title: 'Shop help', greeting: 'Hello!', color: '#0f766e', position: 'bottom-right', language: 'en' })
    expect(response.json.suggestions.length).toBeGreaterThan(0)
    expect(response.json.visitorToken).toMatch(/^v1\./)
    // The same token comes back for a returning visitor.
    const again = await widgetCall(configRoute.GET, 'GET', '/api/widget/config', { key: key.token, token: response.json.visitorToken, ip: randomIp() })
    expect(again.json.visitorToken).toBe(response.json.visitorToken)
  })

  it('asks, reads a streamed cited answer without internal details, finds it again after a reload, rates it, and starts over', async () => {
    const token = await newVisitor()
    const asked = await askWidget(token, 'How long do I have to return a parcel?')
    expect(asked.status, asked.text).toBe(200)
    expect(asked.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1')
    expect(streamedText(asked.parts)).toContain('thirty days')
    const citation = asked.parts.find((part) => part.type === 'data-citation')
    expect(citation.data).toEqual({ n: 1, documentName: 'guide.md', page: null, headingPath: expect.any(Array), text: expect.stringContaining('thirty days') })
    expect(asked.parts.at(-2)).toEqual({ type: 'finish', finishReason: 'stop', messageMetadata: { status: 'complete', errorCode: null, unanswered: false } })
    // Then questions to follow up with, from the sections near the cited passage.
    expect(asked.parts.at(-1)).toEqual({ type: 'data-suggestions', data: { questions: ['And about “Delivery”?'] }, transient: true })

    const history = await historyOf(token)
    expect(outcome(history), history.text).toBe('200')
    expect(history.json.messages.map((m: any) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ])
    const answer = history.json.messages[1]
    expect(answer.citations[0]).toEqual({ n: 1, documentName: 'guide.md', page: null, headingPath: expect.any(Array), text: expect.stringContaining('thirty days') })
    expect(Object.keys(answer).sort()).toEqual(['citations', 'errorCode', 'feedback', 'id', 'role', 'status', 'text'])

    const rated = await widgetCall(feedbackRoute.POST, 'POST', '/api/widget/feedback', { key: key.token, token, body: { messageId: answer.id, rating: 'up' }, ip: randomIp() })
    expect(outcome(rated), rated.text).toBe('204')
    expect((await historyOf(token)).json.messages[1].feedback).toBe('up')

    // A follow-up continues the same conversation.
    await askWidget(token, 'And when do orders leave the warehouse?')
    const longer = await historyOf(token)
    expect(longer.json.messages).toHaveLength(4)
    expect(longer.json.conversationId).toBe(history.json.conversationId)

    const reset = await widgetCall(resetRoute.POST, 'POST', '/api/widget/reset', { key: key.token, token, ip: randomIp() })
    expect(outcome(reset), reset.text).toBe('204')
    expect((await historyOf(token)).json).toEqual({ conversationId: null, messages: [] })
    await askWidget(token, 'When do orders leave the warehouse?')
    const fresh = await historyOf(token)
    expect(fresh.json.messages).toHaveLength(2)
    expect(fresh.json.conversationId).not.toBe(history.json.conversationId)

    // Both conversations are the workspace's widget conversations, for its admins.
    const listed = await call(conversationsRoute.GET, 'GET', `/api/workspaces/${ws.id}/conversations`, { cookie: owner.cookie, params: { ws: ws.id }, query: { channel: 'widget' } })
    expect(outcome(listed), listed.text).toBe('200')
    const ids = listed.json.items.map((c: any) => c.id)
    expect(ids).toEqual(expect.arrayContaining([history.json.conversationId, fresh.json.conversationId]))
    expect(listed.json.items.every((c: any) => c.channel === 'widget')).toBe(true)
    // Not in the owner's own list, which stays theirs.
    const mine = await call(conversationsRoute.GET, 'GET', `/api/workspaces/${ws.id}/conversations`, { cookie: owner.cookie, params: { ws: ws.id } })
    expect(mine.json.items.map((c: any) => c.id)).not.toContain(history.json.conversationId)
  })

  it('is offered follow-up questions after a cited answer only, in the widget’s language', async () => {
    const token = await newVisitor()
    const unanswered = await askWidget(token, 'What is the capital of Peru?')
    expect(outcome(unanswered), unanswered.text).toBe('200')
    expect(unanswered.parts.at(-1)).toMatchObject({ type: 'finish', messageMetadata: { unanswered: true } })
    expect(unanswered.parts.some((part) => part.type === 'data-suggestions')).toBe(false)

    await configureWidget(owner, ws.id, { widget: { language: 'fr' } })
    try {
      const french = await askWidget(await newVisitor(), 'When do orders leave the warehouse?')
      expect(french.parts.at(-1)).toEqual({ type: 'data-suggestions', data: { questions: ['Et concernant « Returns » ?'] }, transient: true })
    } finally {
      await configureWidget(owner, ws.id, { widget: { language: 'auto' } })
    }
  })

  it('is identified by the host with a signature of the identity secret, and keeps that conversation on any device', async () => {
    await newVisitor() // the workspace's secrets are made on first use
    const [{ identity_secret: secret }] = await asService((tx) => tx.query<{ identity_secret: string }>(sql`select identity_secret from widget_secrets where workspace_id = ${ws.id}`))
    const signature = createHmac('sha256', secret).update('customer-42').digest('hex')
    const identify = (body: unknown) => widgetCall(identifyRoute.POST, 'POST', '/api/widget/identify', { key: key.token, body, ip: randomIp() })
    const first = await identify({ visitor: 'customer-42', signature })
    expect(outcome(first), first.text).toBe('200')
    await askWidget(first.json.visitorToken, 'How long do I have to return a parcel?')
    const second = await identify({ visitor: 'customer-42', signature })
    expect((await historyOf(second.json.visitorToken)).json.messages).toHaveLength(2)

    expect(outcome(await identify({ visitor: 'customer-43', signature }))).toBe('401 unauthorized:visitor')
    expect(outcome(await identify({ visitor: 'customer-42', signature: 'abc' }))).toBe('401 unauthorized:visitor')
    expect(outcome(await identify({ visitor: 'a b', signature }))).toBe('400 bad_request:api')
  })
})

describe('visitors and workspaces stay apart', () => {
  it('a visitor never reads, rates or resets another visitor’s conversation', async () => {
    const alice = await newVisitor()
    const bob = await newVisitor()
    await askWidget(alice, 'How long do I have to return a parcel?')
    const aliceAnswer = (await historyOf(alice)).json.messages[1]
    expect((await historyOf(bob)).json.messages).toEqual([])
    const before = await chatRows()
    const rated = await widgetCall(feedbackRoute.POST, 'POST', '/api/widget/feedback', { key: key.token, token: bob, body: { messageId: aliceAnswer.id, rating: 'down' }, ip: randomIp() })
    expect(outcome(rated)).toBe('404 not_found:message')
    await widgetCall(resetRoute.POST, 'POST', '/api/widget/reset', { key: key.token, token: bob, ip: randomIp() })
    expect(await chatRows()).toEqual(before)
    expect((await historyOf(alice)).json.messages).toHaveLength(2)
  })

  it('refuses a token of another workspace, a forged or malformed one, and a missing one', async () => {
    const foreign = await newVisitor(otherKey)
    expect(outcome(await historyOf(foreign))).toBe('401 unauthorized:visitor')
    const mine = await newVisitor()
    expect(outcome(await historyOf(mine, otherKey))).toBe('401 unauthorized:visitor')
    const [version, id] = mine.split('.')
    const forged = `${version}.${Buffer.from('a:someone-else').toString('base64url')}.${mine.split('.')[2]}`
    for (const token of [forged, `${version}.${id}.AAAA`, 'garbage', 'v1..', 'x'.repeat(700)]) {
      expect(outcome(await historyOf(token)), token).toBe('401 unauthorized:visitor')
    }
    const missing = await widgetCall(historyRoute.GET, 'GET', '/api/widget/history', { key: key.token, ip: randomIp() })
    expect(outcome(missing)).toBe('401 unauthorized:visitor')
    expect(outcome(await askWidget(foreign, 'Returns?'))).toBe('401 unauthorized:visitor')
  })

  it('refuses keys that are missing, malformed, secret or revoked, at once', async () => {
    const token = await newVisitor()
    const secret = await createKey(owner, ws.id, 'secret')
    const cases: [string | undefined, string][] = [
      [undefined, '401 unauthorized:key'],
      ['pk_nope', '401 unauthorized:key'],
      ['hello', '401 unauthorized:key'],
      [secret.token, '403 forbidden:key'],
    ]
    for (const [bearer, expected] of cases) {
      const response = await call(historyRoute.GET, 'GET', '/api/widget/history', { bearer, headers: { referer: `${ORIGIN}/widget/x`, 'x-monitora-site': SITE, 'x-visitor-token': token } })
      expect(outcome(response), String(bearer)).toBe(expected)
    }
    const doomed = await createKey(owner, ws.id, 'public')
    const doomedVisitor = await newVisitor(doomed)
    expect(outcome(await historyOf(doomedVisitor, doomed))).toBe('200')
    await revokeKey(owner, ws.id, doomed.id)
    expect(outcome(await historyOf(doomedVisitor, doomed))).toBe('401 unauthorized:key')
    expect(outcome(await askWidget(doomedVisitor, 'Returns?', randomIp(), doomed))).toBe('401 unauthorized:key')
    const page = await call(pageRoute.GET, 'GET', `/widget/${doomed.token}`, { params: { pk: doomed.token }, headers: { referer: `${SITE}/` } })
    expect(page.status).toBe(404)
  })
})

const widgetRoutes = [
  ['config', configRoute.GET, 'GET', '/api/widget/config', undefined],
  ['history', historyRoute.GET, 'GET', '/api/widget/history', undefined],
  ['chat', chatRoute.POST, 'POST', '/api/widget/chat', question('Returns?')],
  ['reset', resetRoute.POST, 'POST', '/api/widget/reset', undefined],
  ['feedback', feedbackRoute.POST, 'POST', '/api/widget/feedback', { messageId: '00000000-0000-4000-8000-000000000000', rating: 'up' }],
  ['identify', identifyRoute.POST, 'POST', '/api/widget/identify', { visitor: 'x', signature: 'y' }],
] as const

describe('tenancy: every widget route for every kind of caller, writing nothing when refused', () => {
  it('answers only a public key of the workspace with its own visitor token', async () => {
    const tokenOfB = await newVisitor(otherKey)
    const secret = await createKey(owner, ws.id, 'secret')
    const callers: [string, { bearer?: string; cookie?: string; token?: string }, Record<string, string>][] = [
      ['anonymous', {}, { '*': '401 unauthorized:key' }],
      ['a session of the owner', { cookie: owner.cookie }, { '*': '401 unauthorized:key' }],
      ['a secret key of the workspace', { bearer: secret.token }, { '*': '403 forbidden:key' }],
      ['its public key with a visitor token of another workspace', { bearer: key.token, token: tokenOfB }, { '*': '401 unauthorized:visitor', identify: '401 unauthorized:visitor' }],
      ['another workspace’s public key with its own visitor', { bearer: otherKey.token, token: tokenOfB }, { '*': '2xx', feedback: '404 not_found:message', identify: '401 unauthorized:visitor' }],
    ]
    for (const [who, auth, want] of callers) {
      const before = await chatRows()
      for (const [name, handler, method, path, body] of widgetRoutes) {
        const response = await call(handler, method, path, {
          bearer: auth.bearer,
          cookie: auth.cookie,
          body,
          ip: randomIp(),
          headers: { referer: `${ORIGIN}/widget/x`, 'x-monitora-site': SITE, ...(auth.token ? { 'x-visitor-token': auth.token } : {}) },
        })
        const got = response.status < 300 ? '2xx' : outcome(response)
        expect(got, `${who}: ${name}`).toBe(want[name] ?? want['*'])
      }
      // Only B's own visitor may have written (its question in B); nothing of A changed.
      const after = await chatRows()
      const ofA = (rows: Awaited<ReturnType<typeof chatRows>>) => ({
        conversations: rows.conversations.filter((row) => row.workspace_id === ws.id),
        messages: rows.messages.filter((row) => row.workspace_id === ws.id),
      })
      expect(ofA(after), who).toEqual(ofA(before))
      if (!who.startsWith('another')) expect(after, who).toEqual(before)
    }
  })
})

describe('allowed domains, deny by default, on every widget route', () => {

  it('refuses other sites, whether named by the widget page, in Origin or in Referer, and contradicting headers', async () => {
    const token = await newVisitor()
    const before = await chatRows()
    const refused: Record<string, string>[] = [
      { referer: `${ORIGIN}/widget/x`, 'x-monitora-site': 'https://evil.example.com', origin: ORIGIN },
      { referer: `${ORIGIN}/widget/x`, origin: ORIGIN },
      { origin: 'https://evil.example.com' },
      { referer: 'https://evil.example.com/page' },
      { origin: SITE, referer: 'https://evil.example.com/page' },
      { origin: 'null' },
      {},
      { origin: 'http://shop.example.com.evil.net' },
    ]
    for (const [name, handler, method, path, body] of widgetRoutes) {
      for (const headers of refused) {
        const response = await widgetCall(handler, method, path, { key: key.token, token, body, headers, ip: randomIp() })
        expect(outcome(response), `${name} ${JSON.stringify(headers)}`).toBe('403 forbidden:widget')
      }
    }
    expect(await chatRows()).toEqual(before)
  })

  it('answers an allowed site calling directly (with CORS), and wildcard subdomains', async () => {
    const response = await widgetCall(configRoute.GET, 'GET', '/api/widget/config', { key: key.token, headers: { origin: 'https://help.example.org' }, ip: randomIp() })
    expect(outcome(response), response.text).toBe('200')
    expect(response.headers.get('access-control-allow-origin')).toBe('https://help.example.org')
    const apex = await widgetCall(configRoute.GET, 'GET', '/api/widget/config', { key: key.token, headers: { origin: 'https://example.org' }, ip: randomIp() })
    expect(outcome(apex)).toBe('403 forbidden:widget')
  })

  it('a workspace without allowed domains is refused everywhere', async () => {
    const response = await widgetCall(configRoute.GET, 'GET', '/api/widget/config', { key: (await createKey(owner, (await createWorkspace(owner)).id, 'public')).token, ip: randomIp() })
    expect(outcome(response)).toBe('403 forbidden:widget')
  })
})

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-visitor and per-address limits, exactly', async () => {
    const limited = await createWorkspace(owner)
    const limitedKey = await createKey(owner, limited.id, 'public')
    await configureWidget(owner, limited.id, { allowedDomains: ['shop.example.com'], widget: { visitorMessagesPerMinute: 2, ipMessagesPerMinute: 3 } })
    await addDocuments(owner, limited.id, { 'guide.md': handbook })
    // Whole minutes are the windows: start at the beginning of one, so that all calls fall in it.
    const second = new Date().getSeconds()
    if (second > 45) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000))

    const visitor = await newVisitor(limitedKey)
    const ip = randomIp()
    expect(outcome(await askWidget(visitor, 'Returns?', ip, limitedKey))).toBe('200')
    expect(outcome(await askWidget(visitor, 'Returns?', ip, limitedKey))).toBe('200')
    // The visitor's third question this minute, even from another address.
    const refused = await askWidget(visitor, 'Returns?', randomIp(), limitedKey)
    expect(outcome(refused)).toBe('429 rate_limited:widget')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(errorOf(refused).details).toMatchObject({ scope: 'visitor' })

    // Another visitor behind the first address: the address has one question left this minute.
    const neighbour = await newVisitor(limitedKey)
    expect(outcome(await askWidget(neighbour, 'Returns?', ip, limitedKey))).toBe('200')
    const blocked = await askWidget(neighbour, 'Returns?', ip, limitedKey)
    expect(outcome(blocked)).toBe('429 rate_limited:widget')
    expect(errorOf(blocked).details).toMatchObject({ scope: 'address' })
  }, 90_000)
})

describe('bad input', () => {
  it('refuses empty, oversized and malformed questions with 4xx', async () => {
    const token = await newVisitor()
    const send = (body: unknown, rawBody?: string) => widgetCall(chatRoute.POST, 'POST', '/api/widget/chat', { key: key.token, token, body, rawBody, ip: randomIp() })
    expect(outcome(await send(question('   ')))).toBe('400 bad_request:api')
    expect(outcome(await send(question('x'.repeat(2001))))).toBe('400 bad_request:api')
    const withNul = await send(question('Where is my\u0000 parcel?'))
    expect(outcome(withNul)).toBe('400 bad_request:api')
    expect(errorOf(withNul).message).toMatch(/NUL character/)
    expect(outcome(await send(undefined, JSON.stringify(question('x'.repeat(20_000)))))).toBe('413 payload_too_large:api')
    expect(outcome(await send({ message: { role: 'assistant', parts: [{ type: 'text', text: 'hi' }] } }))).toBe('400 bad_request:api')
    expect(outcome(await send({ ...question('hi'), conversationId: '00000000-0000-4000-8000-000000000000' }))).toBe('400 bad_request:api')
    expect(outcome(await send(undefined, '{not json'))).toBe('400 bad_request:api')
    const feedback = await widgetCall(feedbackRoute.POST, 'POST', '/api/widget/feedback', { key: key.token, token, body: { messageId: 'nope', rating: 'up' }, ip: randomIp() })
    expect(outcome(feedback)).toBe('400 bad_request:api')
  })
})

describe('the widget page and the loader', () => {
  const page = (headers: Record<string, string>, pk = key.token) => call(pageRoute.GET, 'GET', `/widget/${pk}`, { params: { pk }, headers })

  it('is served to a frame of an allowed site, with frame-ancestors from the allowed domains', async () => {
    const response = await page({ referer: `${SITE}/`, 'sec-fetch-dest': 'iframe', 'accept-language': 'fr-FR,fr;q=0.9' })
    expect(response.status, response.text).toBe(200)
    const csp = response.headers.get('content-security-policy')!
    expect(csp).toContain('frame-ancestors shop.example.com *.example.org')
    expect(csp).toContain("script-src 'self'")
    expect(response.text).toContain('<html lang="fr">')
    expect(response.text).toContain('Shop help')
    expect(response.text).toMatch(/\/widget\/app\.js\?v=[\w-]+/)
    expect(response.headers.get('x-frame-options')).toBeNull()
  })

  it('is refused to other sites, outside a frame, and for unknown keys', async () => {
    expect((await page({ referer: 'https://evil.example.com/' })).status).toBe(403)
    expect((await page({})).status).toBe(403)
    expect((await page({ referer: `${SITE}/`, 'sec-fetch-dest': 'document' })).status).toBe(403)
    expect((await page({ referer: `${SITE}/` }, 'pk_doesnotexist000')).status).toBe(404)
    expect((await page({ referer: `${SITE}/` }, '<script>')).status).toBe(404)
    const refused = await page({ referer: 'https://evil.example.com/' })
    expect(refused.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
  })

  it('serves a loader of at most 2 KB gzipped, cached', async () => {
    const response = await call(embedRoute.GET, 'GET', '/embed.js')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('javascript')
    expect(response.headers.get('cache-control')).toContain('max-age=')
    const { gzipSync } = await import('node:zlib')
    expect(gzipSync(response.text).length).toBeLessThanOrEqual(2048)
  })
})

describe('the identity secret', () => {
  it('is rotated by admins only, and signatures made with the old one stop working', async () => {
    await newVisitor()
    const [{ identity_secret: old }] = await asService((tx) => tx.query<{ identity_secret: string }>(sql`select identity_secret from widget_secrets where workspace_id = ${ws.id}`))
    const identify = (secret: string) =>
      widgetCall(identifyRoute.POST, 'POST', '/api/widget/identify', { key: key.token, body: { visitor: 'customer-7', signature: createHmac('sha256', secret).update('customer-7').digest('hex') }, ip: randomIp() })
    expect(outcome(await identify(old))).toBe('200')
    const viewer = await quickPerson('viewer')
    await addMember(owner, ws.id, viewer, 'viewer')
    const rotate = (who: Person) => call(secretRoute.POST, 'POST', `/api/workspaces/${ws.id}/widget/secret`, { cookie: who.cookie, params: { ws: ws.id } })
    expect(outcome(await rotate(viewer))).toBe('403 forbidden:workspace')
    const rotated = await rotate(owner)
    expect(outcome(rotated), rotated.text).toBe('200')
    expect(rotated.json.identitySecret).not.toBe(old)
    expect(outcome(await identify(old))).toBe('401 unauthorized:visitor')
    expect(outcome(await identify(rotated.json.identitySecret))).toBe('200')
    // A dashboard session opens no widget route: they take a public key.
    const withCookie = await call(historyRoute.GET, 'GET', '/api/widget/history', { cookie: owner.cookie, headers: { referer: `${ORIGIN}/widget/x`, 'x-monitora-site': SITE } })
    expect(outcome(withCookie)).toBe('401 unauthorized:key')
  })
})

describe('the dashboard', () => {
  it('shows widget conversations to admins only', async () => {
    const member = await quickPerson('member')
    await addMember(owner, ws.id, member, 'member')
    const response = await call(conversationsRoute.GET, 'GET', `/api/workspaces/${ws.id}/conversations`, { cookie: member.cookie, params: { ws: ws.id }, query: { channel: 'widget' } })
    expect(outcome(response)).toBe('403 forbidden:conversation')
  })
})
