/**
 * Bad input on every route of the foundation: each is refused with the right status and code,
 * before any write (row counts and workspace rows are compared around every call).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { addMember, createKey, createWorkspace, fingerprint, insertUser, quickPerson, type Key, type Person, type Workspace } from '@/tests/support/actors'
import { call, errorOf, outcome, type CallOptions, type CallResult } from '@/tests/support/http'
import * as signup from './auth/signup/route'
import * as login from './auth/login/route'
import * as workspaces from './workspaces/route'
import * as workspace from './workspaces/[ws]/route'
import * as members from './workspaces/[ws]/members/route'
import * as member from './workspaces/[ws]/members/[userId]/route'
import * as keys from './workspaces/[ws]/keys/route'
import * as key from './workspaces/[ws]/keys/[keyId]/route'
import * as rotate from './workspaces/[ws]/keys/[keyId]/rotate/route'

let owner: Person
let A: Workspace
let someone: { id: string; email: string }
let aKey: Key

beforeAll(async () => {
  owner = await quickPerson('validator')
  A = await createWorkspace(owner, 'Validation')
  someone = await insertUser('someone')
  await addMember(owner, A.id, someone, 'member')
  aKey = await createKey(owner, A.id)
})

/** Runs the call and proves that nothing was written, anywhere. */
async function refusedWithoutWrites(run: () => Promise<CallResult>): Promise<CallResult> {
  const before = await fingerprint(A.id)
  const response = await run()
  expect(await fingerprint(A.id)).toEqual(before)
  return response
}

interface BodyRoute {
  name: string
  handler: Parameters<typeof call>[0]
  method: 'POST' | 'PATCH'
  path: () => string
  params: () => Record<string, string>
  auth: () => CallOptions
  /** Bodies of the right shape but wrong types, each with the field the issue should name. */
  wrongTypes: () => [unknown, string][]
}

const bodyRoutes: BodyRoute[] = [
  {
    name: 'POST /api/auth/signup',
    handler: signup.POST,
    method: 'POST',
    path: () => '/api/auth/signup',
    params: () => ({}),
    auth: () => ({}),
    wrongTypes: () => [
      [{ email: 42, password: 'a good long password' }, 'email'],
      [{ email: 'x@example.com', password: ['a'] }, 'password'],
      [{ email: 'x@example.com', password: 'a good long password', name: '' }, 'name'],
    ],
  },
  {
    name: 'POST /api/auth/login',
    handler: login.POST,
    method: 'POST',
    path: () => '/api/auth/login',
    params: () => ({}),
    auth: () => ({}),
    wrongTypes: () => [
      [{ email: 'x@example.com', password: 12345678 }, 'password'],
      [{ email: null, password: 'x' }, 'email'],
    ],
  },
  {
    name: 'POST /api/workspaces',
    handler: workspaces.POST,
    method: 'POST',
    path: () => '/api/workspaces',
    params: () => ({}),
    auth: () => ({ cookie: owner.cookie }),
    wrongTypes: () => [
      [{ name: 12 }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{}, 'name'],
    ],
  },
  {
    name: 'PATCH /api/workspaces/{ws}',
    handler: workspace.PATCH,
    method: 'PATCH',
    path: () => `/api/workspaces/${A.id}`,
    params: () => ({ ws: A.id }),
    auth: () => ({ cookie: owner.cookie }),
    wrongTypes: () => [
      [{ temperature: 'hot' }, 'temperature'],
      [{ temperature: 2.5 }, 'temperature'],
      [{ temperature: -0.1 }, 'temperature'],
      [{ name: '' }, 'name'],
      [{ systemPrompt: 'x'.repeat(8001) }, 'systemPrompt'],
      [{ model: 'has spaces in it' }, 'model'],
      [{ allowedDomains: 'example.com' }, 'allowedDomains'],
      [{ widget: { color: 'red' } }, 'widget.color'],
      [{ widget: { position: 'top' } }, 'widget.position'],
      [{ widget: { avatarUrl: 'http://example.com/a.png' } }, 'widget.avatarUrl'],
      [{ widget: { script: '<script>' } }, 'widget'],
      [{}, ''],
    ],
  },
  {
    name: 'POST /api/workspaces/{ws}/members',
    handler: members.POST,
    method: 'POST',
    path: () => `/api/workspaces/${A.id}/members`,
    params: () => ({ ws: A.id }),
    auth: () => ({ cookie: owner.cookie }),
    wrongTypes: () => [
      [{ email: 'not-an-address' }, 'email'],
      [{ email: someone.email, role: 'god' }, 'role'],
      [{ email: ['a@example.com'] }, 'email'],
    ],
  },
  {
    name: 'PATCH /api/workspaces/{ws}/members/{userId}',
    handler: member.PATCH,
    method: 'PATCH',
    path: () => `/api/workspaces/${A.id}/members/${someone.id}`,
    params: () => ({ ws: A.id, userId: someone.id }),
    auth: () => ({ cookie: owner.cookie }),
    wrongTypes: () => [
      [{ role: 'superadmin' }, 'role'],
      [{ role: 3 }, 'role'],
      [{}, 'role'],
    ],
  },
  {
    name: 'POST /api/workspaces/{ws}/keys',
    handler: keys.POST,
    method: 'POST',
    path: () => `/api/workspaces/${A.id}/keys`,
    params: () => ({ ws: A.id }),
    auth: () => ({ cookie: owner.cookie }),
    wrongTypes: () => [
      [{ kind: 'root', name: 'x' }, 'kind'],
      [{ kind: 'secret', name: '' }, 'name'],
      [{ kind: 'secret', name: 'x'.repeat(101) }, 'name'],
      [{ kind: 'secret' }, 'name'],
    ],
  },
]

const LIMIT = 256 * 1024

describe.each(bodyRoutes)('$name refuses a bad body', (route) => {
  const send = (options: CallOptions) =>
    refusedWithoutWrites(() => call(route.handler, route.method, route.path(), { ...route.auth(), params: route.params(), ...options }))

  it.each([
    ['a truncated object', '{"name": "x"'],
    ['a bare word', 'hello'],
    ['a trailing comma', '{"name": "x",}'],
    ['single quotes', "{'name': 'x'}"],
  ])('malformed JSON (%s) → 400 bad_request:api', async (_label, rawBody) => {
    const response = await send({ rawBody, headers: { 'content-type': 'application/json' } })
    expect(outcome(response)).toBe('400 bad_request:api')
    expect(errorOf(response).message).toMatch(/JSON/)
  })

  it.each([
    ['an array', []],
    ['a string', 'name'],
    ['a number', 3],
    ['null', null],
  ])('a JSON %s instead of an object → 400 with details.issues', async (_label, body) => {
    const response = await send({ rawBody: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
    expect(outcome(response)).toBe('400 bad_request:api')
    expect(errorOf(response).details.issues.length).toBeGreaterThan(0)
  })

  it('wrong types → 400 with details.issues naming the field', async () => {
    for (const [body, path] of route.wrongTypes()) {
      const response = await send({ body })
      expect(outcome(response), JSON.stringify(body).slice(0, 80)).toBe('400 bad_request:api')
      const { issues } = errorOf(response).details
      expect(issues.map((issue: { path: string }) => issue.path)).toContain(path)
      for (const issue of issues) expect(issue.message).toEqual(expect.any(String))
    }
  })

  it('an unknown field → 400 naming it', async () => {
    const valid = (route.wrongTypes()[0][0] ?? {}) as Record<string, unknown>
    const response = await send({ body: { ...valid, isAdmin: true } })
    expect(outcome(response)).toBe('400 bad_request:api')
    expect(JSON.stringify(errorOf(response).details.issues)).toMatch(/isAdmin/)
  })

  it('a body over 256 KB → 413 payload_too_large:api; exactly 256 KB is read', async () => {
    const padded = (size: number) => {
      const text = `{"pad":"${'a'.repeat(size - 10)}"}`
      expect(Buffer.byteLength(text)).toBe(size)
      return text
    }
    const over = await send({ rawBody: padded(LIMIT + 1), headers: { 'content-type': 'application/json' } })
    expect(outcome(over)).toBe('413 payload_too_large:api')
    // At the limit the body is parsed, then refused by validation (unknown field), not by size.
    const at = await send({ rawBody: padded(LIMIT), headers: { 'content-type': 'application/json' } })
    expect(outcome(at)).toBe('400 bad_request:api')
    // A declared Content-Length over the limit is refused before reading.
    const declared = await send({ rawBody: '{}', headers: { 'content-type': 'application/json', 'content-length': String(LIMIT + 1) } })
    expect([outcome(declared), outcome(over)]).toEqual(['413 payload_too_large:api', '413 payload_too_large:api'])
  })

  it.each([
    ['a form', 'application/x-www-form-urlencoded', 'name=x&email=a%40example.com'],
    ['plain text holding JSON', 'text/plain', '{"name":"x"}'],
    ['multipart', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--x--'],
    ['no content type', '', '{"name":"x"}'],
  ])('%s → 415 unsupported_media_type:api', async (_label, type, rawBody) => {
    const response = await send({ rawBody, headers: type ? { 'content-type': type } : {} })
    if (!type) {
      // fetch's Request gives a string body "text/plain;charset=UTF-8" when none is set.
      expect(outcome(response)).toBe('415 unsupported_media_type:api')
      return
    }
    expect(outcome(response)).toBe('415 unsupported_media_type:api')
  })
})

describe('invalid ids in the path → 400 bad_request:api naming the parameter', () => {
  const bad = ['not-a-uuid', '123', "' or 1=1 --", `${crypto.randomUUID()}x`, '../../etc']
  type ParamRoute = [string, (ws: string, id: string) => Promise<CallResult>, 'ws' | 'userId' | 'keyId']
  const good = () => crypto.randomUUID()
  const routes: ParamRoute[] = [
    ['GET ws', (ws) => call(workspace.GET, 'GET', '/x', { cookie: owner.cookie, params: { ws } }), 'ws'],
    ['PATCH ws', (ws) => call(workspace.PATCH, 'PATCH', '/x', { cookie: owner.cookie, params: { ws }, body: { name: 'y' } }), 'ws'],
    ['DELETE ws', (ws) => call(workspace.DELETE, 'DELETE', '/x', { cookie: owner.cookie, params: { ws } }), 'ws'],
    ['GET members', (ws) => call(members.GET, 'GET', '/x', { cookie: owner.cookie, params: { ws } }), 'ws'],
    ['POST members', (ws) => call(members.POST, 'POST', '/x', { cookie: owner.cookie, params: { ws }, body: { email: someone.email } }), 'ws'],
    ['PATCH member (ws)', (ws) => call(member.PATCH, 'PATCH', '/x', { cookie: owner.cookie, params: { ws, userId: good() }, body: { role: 'viewer' } }), 'ws'],
    ['PATCH member (userId)', (id) => call(member.PATCH, 'PATCH', '/x', { cookie: owner.cookie, params: { ws: A.id, userId: id }, body: { role: 'viewer' } }), 'userId'],
    ['DELETE member (ws)', (ws) => call(member.DELETE, 'DELETE', '/x', { cookie: owner.cookie, params: { ws, userId: someone.id } }), 'ws'],
    ['DELETE member (userId)', (id) => call(member.DELETE, 'DELETE', '/x', { cookie: owner.cookie, params: { ws: A.id, userId: id } }), 'userId'],
    ['GET keys', (ws) => call(keys.GET, 'GET', '/x', { cookie: owner.cookie, params: { ws } }), 'ws'],
    ['POST keys', (ws) => call(keys.POST, 'POST', '/x', { cookie: owner.cookie, params: { ws }, body: { kind: 'secret', name: 'k' } }), 'ws'],
    ['DELETE key (ws)', (ws) => call(key.DELETE, 'DELETE', '/x', { cookie: owner.cookie, params: { ws, keyId: aKey.id } }), 'ws'],
    ['DELETE key (keyId)', (id) => call(key.DELETE, 'DELETE', '/x', { cookie: owner.cookie, params: { ws: A.id, keyId: id } }), 'keyId'],
    ['POST rotate (ws)', (ws) => call(rotate.POST, 'POST', '/x', { cookie: owner.cookie, params: { ws, keyId: aKey.id } }), 'ws'],
    ['POST rotate (keyId)', (id) => call(rotate.POST, 'POST', '/x', { cookie: owner.cookie, params: { ws: A.id, keyId: id } }), 'keyId'],
  ]

  it.each(routes)('%s', async (_name, run, param) => {
    for (const value of bad) {
      const response = await refusedWithoutWrites(() => run(value, value))
      expect(outcome(response), value).toBe('400 bad_request:api')
      expect(errorOf(response).details.issues.map((i: { path: string }) => i.path)).toEqual([param])
    }
  })

  it('validates the path before authenticating: an anonymous caller with a bad id gets 400, not 401', async () => {
    const response = await call(workspace.GET, 'GET', '/x', { params: { ws: 'nope' } })
    expect(outcome(response)).toBe('400 bad_request:api')
  })
})

describe('allowed domains', () => {
  it.each([['http://'], ['*.com'], ['exa mple.com'], ['a..b'], ['*'], ['*.*.example.com'], ['user@example.com'], ['example'], ['-bad-.com'], ['example.com:99999'], ['javascript:alert(1)']])(
    '%s → 400 naming allowedDomains, the workspace unchanged',
    async (domain) => {
      const response = await refusedWithoutWrites(() =>
        call(workspace.PATCH, 'PATCH', `/api/workspaces/${A.id}`, { cookie: owner.cookie, params: { ws: A.id }, body: { allowedDomains: ['good.example.com', domain] } }),
      )
      expect(outcome(response)).toBe('400 bad_request:api')
      expect(errorOf(response).details.issues[0].path).toMatch(/^allowedDomains/)
    },
  )

  it('refuses a whole patch when one field is bad: the valid fields are not applied either', async () => {
    const response = await refusedWithoutWrites(() =>
      call(workspace.PATCH, 'PATCH', `/api/workspaces/${A.id}`, { cookie: owner.cookie, params: { ws: A.id }, body: { name: 'Changed', allowedDomains: ['a..b'] } }),
    )
    expect(outcome(response)).toBe('400 bad_request:api')
  })

  it('refuses more than 100 domains', async () => {
    const many = Array.from({ length: 101 }, (_, i) => `site${i}.example.com`)
    const response = await refusedWithoutWrites(() =>
      call(workspace.PATCH, 'PATCH', `/api/workspaces/${A.id}`, { cookie: owner.cookie, params: { ws: A.id }, body: { allowedDomains: many } }),
    )
    expect(outcome(response)).toBe('400 bad_request:api')
  })

  it('normalises and de-duplicates what a person types, and the settings round-trip', async () => {
    const response = await call(workspace.PATCH, 'PATCH', `/api/workspaces/${A.id}`, {
      cookie: owner.cookie,
      params: { ws: A.id },
      body: {
        allowedDomains: ['https://Shop.Example.com/path?q=1', 'shop.example.com', '*.Example.org', 'localhost:8080', 'bücher.de'],
        widget: { title: 'Help', color: '#112233' },
        temperature: 0.7,
        model: 'mistral-small-latest',
      },
    })
    expect(outcome(response)).toBe('200')
    expect(response.json).toMatchObject({
      allowedDomains: ['shop.example.com', '*.example.org', 'localhost:8080', 'xn--bcher-kva.de'],
      widget: { title: 'Help', color: '#112233', position: 'bottom-right', language: 'auto', greeting: '', avatarUrl: null },
      temperature: 0.7,
      model: 'mistral-small-latest',
    })
    // The widget is merged, not replaced; null resets the model.
    const again = await call(workspace.PATCH, 'PATCH', `/api/workspaces/${A.id}`, { cookie: owner.cookie, params: { ws: A.id }, body: { widget: { position: 'bottom-left' }, model: null } })
    expect(again.json.widget).toMatchObject({ title: 'Help', color: '#112233', position: 'bottom-left' })
    expect(again.json.model).toBeNull()
    const read = await call(workspace.GET, 'GET', `/api/workspaces/${A.id}`, { cookie: owner.cookie, params: { ws: A.id } })
    expect(read.json).toEqual(again.json)
    expect(new Date(read.json.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(read.json.createdAt).getTime())
  })
})

describe('list queries', () => {
  const lists: [string, (query: Record<string, string>) => Promise<CallResult>][] = [
    ['GET /api/workspaces', (query) => call(workspaces.GET, 'GET', '/api/workspaces', { cookie: owner.cookie, query })],
    ['GET members', (query) => call(members.GET, 'GET', '/x', { cookie: owner.cookie, params: { ws: A.id }, query })],
    ['GET keys', (query) => call(keys.GET, 'GET', '/x', { cookie: owner.cookie, params: { ws: A.id }, query })],
  ]
  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

  describe.each(lists)('%s', (_name, list) => {
    it.each([['0'], ['101'], ['-1'], ['1.5'], ['abc'], ['']])('limit=%s → 400', async (limit) => {
      const response = await refusedWithoutWrites(() => list({ limit }))
      expect(outcome(response)).toBe('400 bad_request:api')
      expect(errorOf(response).details.issues[0].path).toBe('limit')
    })

    it('accepts limit 1 and 100', async () => {
      expect(outcome(await list({ limit: '1' }))).toBe('200')
      expect(outcome(await list({ limit: '100' }))).toBe('200')
    })

    it.each([
      ['garbage', 'garbage!!'],
      ['base64 of text', Buffer.from('hello').toString('base64url')],
      ['a JSON array', cursorOf([1, 2])],
      ['an id that is not a UUID', cursorOf({ at: '2024-01-01 00:00:00+00', id: 'x' })],
      ['a time that is not a time', cursorOf({ at: 'not a time', id: crypto.randomUUID() })],
      ['an impossible date', cursorOf({ at: '2024-13-45 10:00:00+00', id: crypto.randomUUID() })],
      ['too long', 'a'.repeat(201)],
    ])('cursor: %s → 400', async (_label, cursor) => {
      const response = await refusedWithoutWrites(() => list({ cursor }))
      expect(outcome(response)).toBe('400 bad_request:api')
    })

    it('an unknown query parameter → 400', async () => {
      const response = await list({ sort: 'name' })
      expect(outcome(response)).toBe('400 bad_request:api')
      expect(JSON.stringify(errorOf(response).details.issues)).toMatch(/sort/)
    })
  })
})
