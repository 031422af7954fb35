/** Fixtures: people, workspaces, members and keys created through the real routes, and row snapshots. */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import * as signupRoute from '@/app/api/auth/signup/route'
import * as keysRoute from '@/app/api/workspaces/[ws]/keys/route'
import * as keyRoute from '@/app/api/workspaces/[ws]/keys/[keyId]/route'
import * as membersRoute from '@/app/api/workspaces/[ws]/members/route'
import * as workspacesRoute from '@/app/api/workspaces/route'
import { asService, sql } from '@/lib/db'
import { call, cookieFrom, outcome } from './http'

export const PASSWORD = 'correct horse battery staple'

/** A fresh e-mail address: test files share one database per file. */
export const uniqueEmail = (label = 'user') => `${label}-${randomUUID().slice(0, 8)}@example.com`

/** A fresh client address, so per-address rate limits never couple tests. */
export const randomIp = () => `10.${[...randomBytes(3)].join('.')}`

export interface Person {
  id: string
  email: string
  password: string
  cookie: string
}

/** Signs a new person up through POST /api/auth/signup and keeps the session cookie. */
export async function signUp(label = 'user', password = PASSWORD): Promise<Person> {
  const email = uniqueEmail(label)
  const response = await call(signupRoute.POST, 'POST', '/api/auth/signup', { body: { email, password }, ip: randomIp() })
  expect(response.status, response.text).toBe(201)
  return { id: response.json.user.id, email, password, cookie: cookieFrom(response) }
}

/**
 * A signed-in person without the cost of a password hash: the user row and a session row are
 * written directly (the session table stores the SHA-256 of the cookie token, as lib/auth/builtin.ts
 * does). For tests about what people may do, not about signing in.
 */
export async function quickPerson(label = 'user'): Promise<Person> {
  const email = uniqueEmail(label)
  const token = randomBytes(32).toString('base64url')
  const hash = createHash('sha256').update(token).digest('base64url')
  const id = await asService(async (tx) => {
    const [row] = await tx.query<{ id: string }>(sql`insert into users (email) values (${email}) returning id`)
    await tx.query(sql`insert into sessions (token_hash, user_id, expires_at) values (${hash}, ${row.id}, now() + interval '1 day')`)
    return row.id
  })
  return { id, email, password: '', cookie: `monitora_session=${token}` }
}

/** A user row only (no password, no session): cheap, for people who are added, never signed in. */
export async function insertUser(label = 'user'): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(label)
  const [row] = await asService((tx) => tx.query<{ id: string }>(sql`insert into users (email) values (${email}) returning id`))
  return { id: row.id, email }
}

export interface Workspace {
  id: string
  name: string
}

export async function createWorkspace(owner: Person, name = `ws-${randomUUID().slice(0, 8)}`): Promise<Workspace> {
  const response = await call(workspacesRoute.POST, 'POST', '/api/workspaces', { cookie: owner.cookie, body: { name } })
  expect(response.status, response.text).toBe(201)
  return { id: response.json.id, name }
}

export async function addMember(admin: Person, ws: string, who: { email: string }, role: 'owner' | 'admin' | 'member' | 'viewer') {
  const response = await call(membersRoute.POST, 'POST', `/api/workspaces/${ws}/members`, { cookie: admin.cookie, params: { ws }, body: { email: who.email, role } })
  expect(outcome(response), response.text).toBe('201')
  return response.json
}

export interface Key {
  id: string
  token: string
  prefix: string
  kind: 'secret' | 'public'
}

export async function createKey(admin: Person, ws: string, kind: 'secret' | 'public' = 'secret', name = `key-${kind}`): Promise<Key> {
  const response = await call(keysRoute.POST, 'POST', `/api/workspaces/${ws}/keys`, { cookie: admin.cookie, params: { ws }, body: { kind, name } })
  expect(outcome(response), response.text).toBe('201')
  return { id: response.json.id, token: response.json.token, prefix: response.json.prefix, kind }
}

/**
 * The cast of the isolation tests: workspace A with its owner, an admin, a member, a viewer, a
 * secret and a public key; workspace B with its owner and a secret key.
 */
export async function twoWorkspaces() {
  const [ownerA, adminA, memberA, viewerA, ownerB] = await Promise.all(['owner-a', 'admin-a', 'member-a', 'viewer-a', 'owner-b'].map((label) => quickPerson(label)))
  const A = await createWorkspace(ownerA, 'Alpha confidential')
  const B = await createWorkspace(ownerB, 'Bravo')
  await addMember(ownerA, A.id, adminA, 'admin')
  await addMember(ownerA, A.id, memberA, 'member')
  await addMember(ownerA, A.id, viewerA, 'viewer')
  const [secretA, publicA, secretB] = [await createKey(ownerA, A.id), await createKey(ownerA, A.id, 'public'), await createKey(ownerB, B.id)]
  return { ownerA, adminA, memberA, viewerA, ownerB, A, B, secretA, publicA, secretB }
}

export async function revokeKey(admin: Person, ws: string, keyId: string) {
  const response = await call(keyRoute.DELETE, 'DELETE', `/api/workspaces/${ws}/keys/${keyId}`, { cookie: admin.cookie, params: { ws, keyId } })
  expect(outcome(response), response.text).toBe('204')
}

/** Every row of a workspace (settings, members, keys), as the database holds them; last_used_at is left out. */
export async function snapshot(ws: string) {
  return asService(async (tx) => ({
    workspace: await tx.query(sql`select * from workspaces where id = ${ws}`),
    members: await tx.query(sql`select workspace_id, user_id, role, created_at from workspace_members where workspace_id = ${ws} order by user_id`),
    keys: await tx.query(sql`
      select id, kind, name, prefix, token_hash, public_token, created_by, created_at, revoked_at
        from api_keys where workspace_id = ${ws} order by id`),
  }))
}

/** Row counts of every table of the foundation, to prove a refused call wrote nothing. */
export async function countRows(): Promise<Record<string, number>> {
  const [row] = await asService((tx) =>
    tx.query<Record<string, number>>(sql`
      select (select count(*)::int from users) as users,
             (select count(*)::int from sessions) as sessions,
             (select count(*)::int from workspaces) as workspaces,
             (select count(*)::int from workspace_members) as members,
             (select count(*)::int from api_keys) as keys,
             (select count(*)::int from api_keys where revoked_at is not null) as revoked,
             (select coalesce(sum(hits), 0)::int from rate_limits) as rate_hits`),
  )
  return row
}

/**
 * Row counts of every table plus every row of one workspace, in one query: compare it around a
 * refused call to prove nothing was written anywhere. Keys' last_used_at is left out (a key's use
 * touches it even when the call is refused).
 */
export async function fingerprint(ws: string) {
  const [row] = await asService((tx) =>
    tx.query<{ state: unknown }>(sql`
      select json_build_object(
        'users', (select count(*) from users),
        'sessions', (select count(*) from sessions),
        'workspaces', (select count(*) from workspaces),
        'members', (select count(*) from workspace_members),
        'keys', (select count(*) from api_keys),
        'revoked', (select count(*) from api_keys where revoked_at is not null),
        'rateHits', (select coalesce(sum(hits), 0) from rate_limits),
        'workspace', (select json_agg(w) from workspaces w where w.id = ${ws}),
        'memberRows', (select json_agg(m order by m.user_id) from workspace_members m where m.workspace_id = ${ws}),
        'keyRows', (select json_agg(json_build_object('id', k.id, 'name', k.name, 'kind', k.kind, 'hash', k.token_hash, 'revoked', k.revoked_at) order by k.id)
                      from api_keys k where k.workspace_id = ${ws})
      ) as state`),
  )
  return row.state
}
