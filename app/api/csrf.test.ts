/** Cross-site request protection: cookie-authenticated writes must carry an Origin of this site. */
import { beforeAll, describe, expect, it } from 'vitest'
import { PASSWORD, countRows, createKey, createWorkspace, fingerprint, randomIp, signUp, type Key, type Person, type Workspace } from '@/tests/support/actors'
import { ORIGIN, call, outcome, type CallOptions, type CallResult } from '@/tests/support/http'
import * as login from './auth/login/route'
import * as logout from './auth/logout/route'
import * as me from './auth/me/route'
import * as signup from './auth/signup/route'
import * as workspaces from './workspaces/route'
import * as workspace from './workspaces/[ws]/route'
import * as members from './workspaces/[ws]/members/route'
import * as keys from './workspaces/[ws]/keys/route'
import * as key from './workspaces/[ws]/keys/[keyId]/route'

let person: Person
let ws: Workspace
let secret: Key

beforeAll(async () => {
  person = await signUp('csrf')
  ws = await createWorkspace(person, 'Protected')
  secret = await createKey(person, ws.id)
})

type Write = [string, (options: CallOptions) => Promise<CallResult>]
const writes = (): Write[] => [
  ['POST /api/workspaces', (o) => call(workspaces.POST, 'POST', '/api/workspaces', { ...o, body: { name: 'Forged' } })],
  ['PATCH /api/workspaces/{ws}', (o) => call(workspace.PATCH, 'PATCH', '/x', { ...o, params: { ws: ws.id }, body: { name: 'Forged' } })],
  ['DELETE /api/workspaces/{ws}', (o) => call(workspace.DELETE, 'DELETE', '/x', { ...o, params: { ws: ws.id } })],
  ['POST members', (o) => call(members.POST, 'POST', '/x', { ...o, params: { ws: ws.id }, body: { email: 'attacker@example.com', role: 'owner' } })],
  ['POST keys', (o) => call(keys.POST, 'POST', '/x', { ...o, params: { ws: ws.id }, body: { kind: 'secret', name: 'exfiltrated' } })],
  ['DELETE key', (o) => call(key.DELETE, 'DELETE', '/x', { ...o, params: { ws: ws.id, keyId: secret.id } })],
  ['POST /api/auth/logout', (o) => call(logout.POST, 'POST', '/api/auth/logout', o)],
]

describe.each([
  ['a foreign Origin', 'https://evil.example'],
  ['a look-alike Origin', `${ORIGIN}.evil.example`],
  ['another port of the same host', 'http://localhost:3001'],
  ['the https variant of the site', 'https://localhost:3000'],
  ['Origin "null" (sandboxed frame)', 'null'],
  ['no Origin at all', null],
])('a cookie-authenticated write with %s', (_label, origin) => {
  it.each(writes())('%s → 403 forbidden:auth and nothing written', async (_name, run) => {
    const before = await fingerprint(ws.id)
    const response = await run({ cookie: person.cookie, origin })
    expect(outcome(response)).toBe('403 forbidden:auth')
    expect(response.headers.getSetCookie()).toEqual([])
    expect(await fingerprint(ws.id)).toEqual(before)
    // The session survived (logout was refused too).
    expect(outcome(await call(me.GET, 'GET', '/api/auth/me', { cookie: person.cookie }))).toBe('200')
  })
})

describe('what the Origin check lets through', () => {
  it('reads (GET) need no Origin', async () => {
    const response = await call(workspace.GET, 'GET', '/x', { cookie: person.cookie, params: { ws: ws.id }, headers: { origin: 'https://evil.example' } })
    expect(outcome(response)).toBe('200')
  })

  it('a write with this site’s Origin is accepted', async () => {
    const response = await call(workspace.PATCH, 'PATCH', '/x', { cookie: person.cookie, origin: ORIGIN, params: { ws: ws.id }, body: { systemPrompt: 'ok' } })
    expect(outcome(response)).toBe('200')
  })

  it('the Origin behind a proxy is taken from X-Forwarded-Host and X-Forwarded-Proto', async () => {
    const response = await call(workspace.PATCH, 'PATCH', '/x', {
      cookie: person.cookie,
      origin: 'https://app.example.com',
      headers: { 'x-forwarded-host': 'app.example.com', 'x-forwarded-proto': 'https' },
      params: { ws: ws.id },
      body: { systemPrompt: 'behind a proxy' },
    })
    expect(outcome(response)).toBe('200')
  })

  it('a Bearer sk_ key with no Origin is allowed (server to server)', async () => {
    const patched = await call(workspace.PATCH, 'PATCH', '/x', { bearer: secret.token, origin: null, params: { ws: ws.id }, body: { systemPrompt: 'from a server' } })
    expect(outcome(patched)).toBe('200')
    expect(patched.json.systemPrompt).toBe('from a server')
    // Passing the CSRF check does not widen a key's rights.
    const deleted = await call(workspace.DELETE, 'DELETE', '/x', { bearer: secret.token, origin: null, params: { ws: ws.id } })
    expect(outcome(deleted)).toBe('403 forbidden:workspace')
  })

  it('a Bearer key alongside a session cookie acts as the key, not as the person', async () => {
    const response = await call(workspace.GET, 'GET', '/x', { cookie: person.cookie, bearer: secret.token, params: { ws: ws.id } })
    expect(response.json.role).toBe('admin')
    const refused = await call(workspaces.POST, 'POST', '/api/workspaces', { cookie: person.cookie, bearer: secret.token, origin: null, body: { name: 'Smuggled' } })
    expect(outcome(refused)).toBe('403 forbidden:key')
  })

  it('an anonymous write with no Origin reaches authentication (401), since there is no session to ride', async () => {
    const response = await call(workspaces.POST, 'POST', '/api/workspaces', { origin: null, body: { name: 'x' } })
    expect(outcome(response)).toBe('401 unauthorized:auth')
  })

  it('sign-in and sign-up from a foreign page are refused (login CSRF), and nothing is counted or created', async () => {
    const counts = await countRows()
    const signin = await call(login.POST, 'POST', '/api/auth/login', { body: { email: person.email, password: PASSWORD }, origin: 'https://evil.example', ip: randomIp() })
    expect(outcome(signin)).toBe('403 forbidden:auth')
    expect(signin.headers.getSetCookie()).toEqual([])
    const created = await call(signup.POST, 'POST', '/api/auth/signup', { body: { email: 'forged@example.com', password: PASSWORD }, origin: 'https://evil.example', ip: randomIp() })
    expect(outcome(created)).toBe('403 forbidden:auth')
    expect(await countRows()).toEqual(counts)
  })
})
