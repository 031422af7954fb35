/**
 * The isolation matrix: every route of the foundation, against workspace A, for every kind of caller.
 * Refused calls must answer the exact status and code, leak nothing, and leave A's rows untouched.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { asService, sql } from '@/lib/db'
import {
  addMember,
  createKey,
  createWorkspace,
  insertUser,
  revokeKey,
  quickPerson,
  snapshot,
  type Key,
  type Person,
  type Workspace,
} from '@/tests/support/actors'
import { call, errorOf, outcome, type CallOptions, type CallResult } from '@/tests/support/http'
import * as me from '../auth/me/route'
import * as workspaces from './route'
import * as workspace from './[ws]/route'
import * as members from './[ws]/members/route'
import * as member from './[ws]/members/[userId]/route'
import * as keys from './[ws]/keys/route'
import * as key from './[ws]/keys/[keyId]/route'
import * as rotate from './[ws]/keys/[keyId]/rotate/route'

type ActorName = 'owner' | 'admin' | 'viewer' | 'outsider' | 'anonymous' | 'revokedKey' | 'publicKey' | 'secretKeyA' | 'secretKeyB'
type RouteName =
  | 'GET me'
  | 'GET workspaces'
  | 'POST workspaces'
  | 'GET ws'
  | 'PATCH ws'
  | 'DELETE ws'
  | 'GET members'
  | 'POST members'
  | 'PATCH member'
  | 'DELETE member'
  | 'GET keys'
  | 'POST keys'
  | 'DELETE key'
  | 'POST rotate'

let owner: Person, admin: Person, viewer: Person, outsider: Person
let A: Workspace, B: Workspace
let targetMember: { id: string; email: string }
let targetKey: Key, revoked: Key, publicKey: Key, secretA: Key, secretB: Key

beforeAll(async () => {
  ;[owner, admin, viewer, outsider] = await Promise.all([quickPerson('owner'), quickPerson('admin'), quickPerson('viewer'), quickPerson('outsider')])
  A = await createWorkspace(owner, 'Alpha confidential')
  B = await createWorkspace(outsider, 'Bravo')
  targetMember = await insertUser('target')
  await addMember(owner, A.id, admin, 'admin')
  await addMember(owner, A.id, viewer, 'viewer')
  await addMember(owner, A.id, targetMember, 'member')
  targetKey = await createKey(owner, A.id, 'secret', 'target')
  revoked = await createKey(owner, A.id, 'secret', 'revoked')
  publicKey = await createKey(owner, A.id, 'public', 'widget')
  secretA = await createKey(owner, A.id, 'secret', 'server')
  secretB = await createKey(outsider, B.id, 'secret', 'server B')
  await revokeKey(owner, A.id, revoked.id)
})

function credentials(actor: ActorName): CallOptions {
  switch (actor) {
    case 'owner':
      return { cookie: owner.cookie }
    case 'admin':
      return { cookie: admin.cookie }
    case 'viewer':
      return { cookie: viewer.cookie }
    case 'outsider':
      return { cookie: outsider.cookie }
    case 'anonymous':
      return {}
    case 'revokedKey':
      return { bearer: revoked.token }
    case 'publicKey':
      return { bearer: publicKey.token }
    case 'secretKeyA':
      return { bearer: secretA.token }
    case 'secretKeyB':
      return { bearer: secretB.token }
  }
}

interface Target {
  userId: string
  keyId: string
}

const fixedTarget = (): Target => ({ userId: targetMember.id, keyId: targetKey.id })

/** Fresh things to act on, for calls that succeed (each success consumes its target). */
async function freshTarget(): Promise<Target & { email: string }> {
  const person = await insertUser('fresh')
  await addMember(owner, A.id, person, 'member')
  const fresh = await createKey(owner, A.id, 'secret', 'fresh')
  const invitee = await insertUser('invitee')
  return { userId: person.id, keyId: fresh.id, email: invitee.email }
}

function run(route: RouteName, options: CallOptions, target: Target & { email?: string }): Promise<CallResult> {
  const ws = A.id
  const base = `/api/workspaces/${ws}`
  switch (route) {
    case 'GET me':
      return call(me.GET, 'GET', '/api/auth/me', options)
    case 'GET workspaces':
      return call(workspaces.GET, 'GET', '/api/workspaces', options)
    case 'POST workspaces':
      return call(workspaces.POST, 'POST', '/api/workspaces', { ...options, body: { name: 'Created in the matrix' } })
    case 'GET ws':
      return call(workspace.GET, 'GET', base, { ...options, params: { ws } })
    case 'PATCH ws':
      return call(workspace.PATCH, 'PATCH', base, { ...options, params: { ws }, body: { name: 'Renamed', allowedDomains: ['evil.example'] } })
    case 'DELETE ws':
      return call(workspace.DELETE, 'DELETE', base, { ...options, params: { ws } })
    case 'GET members':
      return call(members.GET, 'GET', `${base}/members`, { ...options, params: { ws } })
    case 'POST members':
      return call(members.POST, 'POST', `${base}/members`, { ...options, params: { ws }, body: { email: target.email ?? outsider.email, role: 'member' } })
    case 'PATCH member':
      return call(member.PATCH, 'PATCH', `${base}/members/${target.userId}`, { ...options, params: { ws, userId: target.userId }, body: { role: 'admin' } })
    case 'DELETE member':
      return call(member.DELETE, 'DELETE', `${base}/members/${target.userId}`, { ...options, params: { ws, userId: target.userId } })
    case 'GET keys':
      return call(keys.GET, 'GET', `${base}/keys`, { ...options, params: { ws } })
    case 'POST keys':
      return call(keys.POST, 'POST', `${base}/keys`, { ...options, params: { ws }, body: { kind: 'secret', name: 'planted' } })
    case 'DELETE key':
      return call(key.DELETE, 'DELETE', `${base}/keys/${target.keyId}`, { ...options, params: { ws, keyId: target.keyId } })
    case 'POST rotate':
      return call(rotate.POST, 'POST', `${base}/keys/${target.keyId}/rotate`, { ...options, params: { ws, keyId: target.keyId } })
  }
}

const routes: RouteName[] = [
  'GET me',
  'GET workspaces',
  'POST workspaces',
  'GET ws',
  'PATCH ws',
  'DELETE ws',
  'GET members',
  'POST members',
  'PATCH member',
  'DELETE member',
  'GET keys',
  'POST keys',
  'DELETE key',
  'POST rotate',
]

const success: Record<RouteName, string> = {
  'GET me': '200',
  'GET workspaces': '200',
  'POST workspaces': '201',
  'GET ws': '200',
  'PATCH ws': '200',
  'DELETE ws': '204',
  'GET members': '200',
  'POST members': '201',
  'PATCH member': '200',
  'DELETE member': '204',
  'GET keys': '200',
  'POST keys': '201',
  'DELETE key': '204',
  'POST rotate': '201',
}

const sessionOnly: RouteName[] = routes.filter((r) => !['GET ws', 'PATCH ws', 'DELETE ws'].includes(r))
const workspaceRoutes: RouteName[] = routes.filter((r) => !['GET me', 'GET workspaces', 'POST workspaces'].includes(r))

/** Expected outcome of every (actor, route) pair. */
const expected: Record<ActorName, Record<RouteName, string>> = {
  owner: { ...success },
  admin: { ...success, 'DELETE ws': '403 forbidden:workspace' },
  viewer: {
    ...success,
    'PATCH ws': '403 forbidden:workspace',
    'DELETE ws': '403 forbidden:workspace',
    'POST members': '403 forbidden:workspace',
    'PATCH member': '403 forbidden:workspace',
    'DELETE member': '403 forbidden:workspace',
    'GET keys': '403 forbidden:workspace',
    'POST keys': '403 forbidden:workspace',
    'DELETE key': '403 forbidden:workspace',
    'POST rotate': '403 forbidden:workspace',
  },
  // A member of B only: A does not exist for them.
  outsider: { ...success, ...Object.fromEntries(workspaceRoutes.map((r) => [r, '404 not_found:workspace'])) },
  anonymous: Object.fromEntries(routes.map((r) => [r, '401 unauthorized:auth'])) as Record<RouteName, string>,
  // Secret keys never open the cookie-only routes (me, workspaces list/create, members, keys).
  revokedKey: {
    ...(Object.fromEntries(sessionOnly.map((r) => [r, '403 forbidden:key'])) as Record<RouteName, string>),
    'GET ws': '401 unauthorized:key',
    'PATCH ws': '401 unauthorized:key',
    'DELETE ws': '401 unauthorized:key',
  },
  publicKey: Object.fromEntries(routes.map((r) => [r, '403 forbidden:key'])) as Record<RouteName, string>,
  secretKeyA: {
    ...(Object.fromEntries(sessionOnly.map((r) => [r, '403 forbidden:key'])) as Record<RouteName, string>),
    'GET ws': '200',
    'PATCH ws': '200',
    'DELETE ws': '403 forbidden:workspace',
  },
  secretKeyB: {
    ...(Object.fromEntries(sessionOnly.map((r) => [r, '403 forbidden:key'])) as Record<RouteName, string>),
    'GET ws': '404 not_found:workspace',
    'PATCH ws': '404 not_found:workspace',
    'DELETE ws': '404 not_found:workspace',
  },
}

const actors = Object.keys(expected) as ActorName[]
const cases = actors.flatMap((actor) => routes.map((route) => ({ actor, route, want: expected[actor][route] })))
const refused = cases.filter((c) => Number(c.want.slice(0, 3)) >= 400)
const allowed = cases.filter((c) => Number(c.want.slice(0, 3)) < 400 && !(c.route === 'DELETE ws'))

describe('isolation matrix against workspace A', () => {
  let before: Awaited<ReturnType<typeof snapshot>>

  it('starts from the expected rows', async () => {
    before = await snapshot(A.id)
    expect(before.workspace).toHaveLength(1)
    expect(before.members.map((m) => m.role).sort()).toEqual(['admin', 'member', 'owner', 'viewer'])
    expect(before.keys).toHaveLength(4)
  })

  it.each(refused)('$actor: $route → $want', async ({ actor, route, want }) => {
    const response = await run(route, credentials(actor), fixedTarget())
    expect(outcome(response)).toBe(want)
    // Nothing of A travels in a refusal.
    const error = errorOf(response)
    expect(Object.keys(error).sort()).toEqual(['code', 'message'])
    for (const secret of [A.name, A.id, targetMember.email, targetKey.prefix, secretA.token]) expect(response.text).not.toContain(secret)
  })

  it('left every row of A unchanged after the refused calls', async () => {
    expect(await snapshot(A.id)).toEqual(before)
    const planted = await asService((tx) => tx.query(sql`select 1 from workspaces where name = 'Created in the matrix'`))
    expect(planted).toHaveLength(0)
  })

  it.each(allowed)('$actor: $route → $want', async ({ actor, route, want }) => {
    const fresh = await freshTarget()
    const response = await run(route, credentials(actor), fresh)
    expect(outcome(response), response.text).toBe(want)
  })

  it('shows each person only their own workspaces, with their role', async () => {
    const list = async (person: Person) => (await call(workspaces.GET, 'GET', '/api/workspaces', { cookie: person.cookie })).json.items
    expect((await list(viewer)).find((w: { id: string }) => w.id === A.id)).toMatchObject({ role: 'viewer' })
    expect((await list(admin)).find((w: { id: string }) => w.id === A.id)).toMatchObject({ role: 'admin' })
    const outsiders = await list(outsider)
    expect(outsiders.map((w: { id: string }) => w.id)).toContain(B.id)
    expect(outsiders.map((w: { id: string }) => w.id)).not.toContain(A.id)
  })

  it('lets the secret key of A act as an admin of A on the workspace routes', async () => {
    const read = await call(workspace.GET, 'GET', `/api/workspaces/${A.id}`, { bearer: secretA.token, params: { ws: A.id } })
    expect(read.json).toMatchObject({ id: A.id, role: 'admin' })
    const patched = await call(workspace.PATCH, 'PATCH', `/api/workspaces/${A.id}`, {
      bearer: secretA.token,
      origin: null,
      params: { ws: A.id },
      body: { systemPrompt: 'Set by the server key' },
    })
    expect(outcome(patched)).toBe('200')
    expect(patched.json.systemPrompt).toBe('Set by the server key')
    const [row] = await asService((tx) => tx.query<{ last_used_at: Date | null }>(sql`select last_used_at from api_keys where id = ${secretA.id}`))
    expect(row.last_used_at).toBeInstanceOf(Date)
  })

  it('lets the owner delete A last: 204, then A is gone for everyone and its rows are cascaded', async () => {
    const response = await run('DELETE ws', credentials('owner'), fixedTarget())
    expect(outcome(response)).toBe('204')
    for (const actor of ['owner', 'admin', 'viewer'] as const) {
      expect(outcome(await run('GET ws', credentials(actor), fixedTarget()))).toBe('404 not_found:workspace')
    }
    expect(outcome(await run('GET ws', credentials('secretKeyA'), fixedTarget()))).toBe('401 unauthorized:key')
    const left = await snapshot(A.id)
    expect(left).toEqual({ workspace: [], members: [], keys: [] })
    // B is untouched.
    expect(outcome(await call(workspace.GET, 'GET', `/api/workspaces/${B.id}`, { cookie: outsider.cookie, params: { ws: B.id } }))).toBe('200')
  })
})

describe('ids of another workspace under A’s path', () => {
  let owner2: Person, other: Person
  let A2: Workspace, B2: Workspace
  let keyB: Key, keyA: Key

  beforeAll(async () => {
    ;[owner2, other] = await Promise.all([quickPerson('owner2'), quickPerson('other')])
    A2 = await createWorkspace(owner2)
    B2 = await createWorkspace(other)
    keyA = await createKey(owner2, A2.id)
    keyB = await createKey(other, B2.id)
  })

  it('answers 404 for a key of B revoked or rotated under A, and B’s key keeps working', async () => {
    const revoke = await call(key.DELETE, 'DELETE', `/api/workspaces/${A2.id}/keys/${keyB.id}`, { cookie: owner2.cookie, params: { ws: A2.id, keyId: keyB.id } })
    expect(outcome(revoke)).toBe('404 not_found:key')
    const rotated = await call(rotate.POST, 'POST', `/api/workspaces/${A2.id}/keys/${keyB.id}/rotate`, { cookie: owner2.cookie, params: { ws: A2.id, keyId: keyB.id } })
    expect(outcome(rotated)).toBe('404 not_found:key')
    const read = await call(workspace.GET, 'GET', `/api/workspaces/${B2.id}`, { bearer: keyB.token, params: { ws: B2.id } })
    expect(outcome(read)).toBe('200')
    const [row] = await asService((tx) => tx.query<{ revoked_at: Date | null; n: number }>(sql`
      select revoked_at, (select count(*)::int from api_keys where workspace_id = ${B2.id}) as n from api_keys where id = ${keyB.id}`))
    expect(row).toEqual({ revoked_at: null, n: 1 })
  })

  it('answers 404 for a user of B changed or removed under A', async () => {
    const patch = await call(member.PATCH, 'PATCH', `/api/workspaces/${A2.id}/members/${other.id}`, {
      cookie: owner2.cookie,
      params: { ws: A2.id, userId: other.id },
      body: { role: 'viewer' },
    })
    expect(outcome(patch)).toBe('404 not_found:member')
    const remove = await call(member.DELETE, 'DELETE', `/api/workspaces/${A2.id}/members/${other.id}`, { cookie: owner2.cookie, params: { ws: A2.id, userId: other.id } })
    expect(outcome(remove)).toBe('404 not_found:member')
    expect((await snapshot(B2.id)).members).toMatchObject([{ user_id: other.id, role: 'owner' }])
  })

  it('answers 404 for A’s key and A’s owner under B’s path, called by A’s owner', async () => {
    const revoke = await call(key.DELETE, 'DELETE', `/api/workspaces/${B2.id}/keys/${keyA.id}`, { cookie: owner2.cookie, params: { ws: B2.id, keyId: keyA.id } })
    expect(outcome(revoke)).toBe('404 not_found:workspace')
    const remove = await call(member.DELETE, 'DELETE', `/api/workspaces/${B2.id}/members/${other.id}`, { cookie: owner2.cookie, params: { ws: B2.id, userId: other.id } })
    expect(outcome(remove)).toBe('404 not_found:workspace')
  })

  it('answers 404 for a workspace id that does not exist at all', async () => {
    const ws = crypto.randomUUID()
    expect(outcome(await call(workspace.GET, 'GET', `/api/workspaces/${ws}`, { cookie: owner2.cookie, params: { ws } }))).toBe('404 not_found:workspace')
    expect(outcome(await call(workspace.GET, 'GET', `/api/workspaces/${ws}`, { bearer: keyA.token, params: { ws } }))).toBe('404 not_found:workspace')
  })
})

describe('revoked and rotated keys', () => {
  let person: Person
  let ws: Workspace

  beforeAll(async () => {
    person = await quickPerson('keys')
    ws = await createWorkspace(person)
  })

  const read = (token: string) => call(workspace.GET, 'GET', `/api/workspaces/${ws.id}`, { bearer: token, params: { ws: ws.id } })

  it('stops a revoked key at once with 401 unauthorized:key', async () => {
    const k = await createKey(person, ws.id)
    expect(outcome(await read(k.token))).toBe('200')
    await revokeKey(person, ws.id, k.id)
    expect(outcome(await read(k.token))).toBe('401 unauthorized:key')
    // Revoking twice is harmless and keeps the first revocation time.
    const [first] = await asService((tx) => tx.query<{ revoked_at: Date }>(sql`select revoked_at from api_keys where id = ${k.id}`))
    await revokeKey(person, ws.id, k.id)
    const [second] = await asService((tx) => tx.query<{ revoked_at: Date }>(sql`select revoked_at from api_keys where id = ${k.id}`))
    expect(second.revoked_at).toEqual(first.revoked_at)
  })

  it('rotates: the old token answers 401, the new one works, same name and kind', async () => {
    const k = await createKey(person, ws.id, 'secret', 'ci server')
    const rotated = await call(rotate.POST, 'POST', `/api/workspaces/${ws.id}/keys/${k.id}/rotate`, { cookie: person.cookie, params: { ws: ws.id, keyId: k.id } })
    expect(outcome(rotated)).toBe('201')
    expect(rotated.json).toMatchObject({ kind: 'secret', name: 'ci server', revokedAt: null })
    expect(rotated.json.id).not.toBe(k.id)
    expect(rotated.json.token).toMatch(/^sk_/)
    expect(rotated.json.token).not.toBe(k.token)
    expect(rotated.json.token.startsWith(rotated.json.prefix)).toBe(true)
    expect(outcome(await read(k.token))).toBe('401 unauthorized:key')
    expect(outcome(await read(rotated.json.token))).toBe('200')
    // A revoked key cannot be rotated again.
    const again = await call(rotate.POST, 'POST', `/api/workspaces/${ws.id}/keys/${k.id}/rotate`, { cookie: person.cookie, params: { ws: ws.id, keyId: k.id } })
    expect(outcome(again)).toBe('404 not_found:key')
  })

  it('lists keys without secret tokens, public tokens only', async () => {
    const pk = await createKey(person, ws.id, 'public', 'site')
    const list = await call(keys.GET, 'GET', `/api/workspaces/${ws.id}/keys`, { cookie: person.cookie, params: { ws: ws.id } })
    expect(outcome(list)).toBe('200')
    for (const item of list.json.items) {
      if (item.kind === 'secret') expect(item.token).toBeNull()
      else expect(item.token).toMatch(/^pk_/)
    }
    expect(list.json.items.find((item: { id: string }) => item.id === pk.id).token).toBe(pk.token)
    const [row] = await asService((tx) => tx.query<{ token_hash: string }>(sql`select token_hash from api_keys where id = ${pk.id}`))
    expect(list.text).not.toContain(row.token_hash)
  })

  it.each([
    ['a token that is not a key', 'abc', '401 unauthorized:key'],
    ['an unknown secret token', 'sk_unknownunknownunknownunknown', '401 unauthorized:key'],
    ['an oversized secret token', `sk_${'x'.repeat(500)}`, '401 unauthorized:key'],
    ['an unknown public token', 'pk_unknown', '403 forbidden:key'],
  ])('refuses %s', async (_label, token, want) => {
    expect(outcome(await read(token))).toBe(want)
  })

  it('refuses an Authorization header that is not Bearer', async () => {
    const response = await call(workspace.GET, 'GET', `/api/workspaces/${ws.id}`, { headers: { authorization: 'Basic Zm9vOmJhcg==' }, params: { ws: ws.id } })
    expect(outcome(response)).toBe('401 unauthorized:key')
  })
})
