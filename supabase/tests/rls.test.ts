/**
 * Row-level security and the membership trigger, tested in SQL directly (no lib function in between):
 * each query runs as an identity the way a request does (role `authenticated` + JWT claims).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { asIdentity, asService, sql, type Identity, type Sql } from '@/lib/db'
import { indexChunks, publishGeneration } from '@/lib/documents/indexer'

type User = { id: string; email: string; identity: Identity }

async function user(label: string): Promise<User> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`
  const [row] = await asService((tx) => tx.query<{ id: string }>(sql`insert into users (email, password_hash) values (${email}, 'scrypt$secret') returning id`))
  await asService((tx) => tx.query(sql`insert into sessions (token_hash, user_id, expires_at) values (${randomUUID()}, ${row.id}, now() + interval '1 day')`))
  return { id: row.id, email, identity: { kind: 'user', userId: row.id, email } }
}

async function workspaceOf(owner: User, name: string): Promise<string> {
  const [row] = await asService((tx) => tx.query<{ id: string }>(sql`insert into workspaces (name, created_by) values (${name}, ${owner.id}) returning id`))
  return row.id
}

async function member(ws: string, who: User, role: string) {
  await asService((tx) => tx.query(sql`insert into workspace_members (workspace_id, user_id, role) values (${ws}, ${who.id}, ${role})`))
}

async function key(ws: string, kind: 'secret' | 'public'): Promise<string> {
  const token = `${kind === 'secret' ? 'sk' : 'pk'}_${randomBytes(12).toString('hex')}`
  const [row] = await asService((tx) =>
    tx.query<{ id: string }>(sql`
      insert into api_keys (workspace_id, kind, name, prefix, token_hash, public_token)
      values (${ws}, ${kind}, 'k', ${token.slice(0, 12)}, ${randomUUID()}, ${kind === 'public' ? token : null}) returning id`),
  )
  return row.id
}

const as = <T = Record<string, unknown>>(who: Identity, statement: Sql) => asIdentity(who, (tx) => tx.query<T>(statement))

/** The error a statement raises as `who` (the test fails if it succeeds). */
async function failure(who: Identity, statement: Sql): Promise<{ code: string; message: string }> {
  try {
    await as(who, statement)
  } catch (error) {
    return error as { code: string; message: string }
  }
  throw new Error(`expected "${statement.text}" to fail`)
}

const state = (ws: string) =>
  asService(async (tx) => ({
    workspace: await tx.query(sql`select * from workspaces where id = ${ws}`),
    members: await tx.query(sql`select * from workspace_members where workspace_id = ${ws} order by user_id`),
    keys: await tx.query(sql`select * from api_keys where workspace_id = ${ws} order by id`),
  }))

const ids = (rows: { id?: unknown; user_id?: unknown }[]) => rows.map((r) => (r.id ?? r.user_id) as string).sort()

let ownerA: User, adminA: User, viewerA: User, plainA: User, ownerB: User, loner: User
let A: string, B: string
let keyA: string, keyB: string

beforeAll(async () => {
  ;[ownerA, adminA, viewerA, plainA, ownerB, loner] = await Promise.all(['ownerA', 'adminA', 'viewerA', 'plainA', 'ownerB', 'loner'].map(user))
  A = await workspaceOf(ownerA, 'A')
  B = await workspaceOf(ownerB, 'B')
  await member(A, adminA, 'admin')
  await member(A, viewerA, 'viewer')
  await member(A, plainA, 'member')
  keyA = await key(A, 'secret')
  await key(A, 'public')
  keyB = await key(B, 'secret')
})

const secretKeyOf = (ws: string, keyId: string = randomUUID()): Identity => ({ kind: 'key', keyId, keyKind: 'secret', workspaceId: ws })
const publicKeyOf = (ws: string): Identity => ({ kind: 'key', keyId: randomUUID(), keyKind: 'public', workspaceId: ws })

describe('a user of B against A', () => {
  it('selects nothing of A', async () => {
    expect(await as(ownerB.identity, sql`select id from workspaces where id = ${A}`)).toEqual([])
    expect(await as(ownerB.identity, sql`select user_id from workspace_members where workspace_id = ${A}`)).toEqual([])
    expect(await as(ownerB.identity, sql`select id from api_keys where workspace_id = ${A}`)).toEqual([])
    // And without a filter, only B.
    expect(ids(await as(ownerB.identity, sql`select id from workspaces`))).toEqual([B])
    expect(ids(await as(ownerB.identity, sql`select id from api_keys`))).toEqual([keyB])
  })

  it('updates and deletes zero rows of A', async () => {
    const before = await state(A)
    expect(await as(ownerB.identity, sql`update workspaces set name = 'pwned' where id = ${A} returning id`)).toEqual([])
    expect(await as(ownerB.identity, sql`update workspace_members set role = 'viewer' where workspace_id = ${A} returning user_id`)).toEqual([])
    expect(await as(ownerB.identity, sql`update api_keys set revoked_at = now() where workspace_id = ${A} returning id`)).toEqual([])
    expect(await as(ownerB.identity, sql`delete from workspace_members where workspace_id = ${A} returning user_id`)).toEqual([])
    expect(await as(ownerB.identity, sql`delete from workspaces where id = ${A} returning id`)).toEqual([])
    // Keys are never deleted by a request (revoked instead): no grant at all.
    expect((await failure(ownerB.identity, sql`delete from api_keys where workspace_id = ${A}`)).code).toBe('42501')
    expect(await state(A)).toEqual(before)
  })

  it('cannot insert a member or a key into A', async () => {
    const before = await state(A)
    const asMember = await failure(ownerB.identity, sql`insert into workspace_members (workspace_id, user_id, role) values (${A}, ${ownerB.id}, 'member')`)
    expect(asMember.code).toBe('42501')
    expect(asMember.message).toMatch(/row-level security/)
    const asOwner = await failure(ownerB.identity, sql`insert into workspace_members (workspace_id, user_id, role) values (${A}, ${ownerB.id}, 'owner')`)
    expect(['42501', 'MN002']).toContain(asOwner.code)
    const planted = await failure(
      ownerB.identity,
      sql`insert into api_keys (workspace_id, kind, name, prefix, token_hash) values (${A}, 'secret', 'planted', 'sk_x', ${randomUUID()})`,
    )
    expect(planted.code).toBe('42501')
    expect(await state(A)).toEqual(before)
  })

  it('cannot learn who uses an e-mail address through the invite helper', async () => {
    const [row] = await as<{ id: string | null }>(ownerB.identity, sql`select app.find_user_for_invite(${A}, ${ownerA.email}) as id`)
    expect(row.id).toBeNull()
    const [own] = await as<{ id: string | null }>(ownerB.identity, sql`select app.find_user_for_invite(${B}, ${ownerA.email}) as id`)
    expect(own.id).toBe(ownerA.id)
    const [viewer] = await as<{ id: string | null }>(viewerA.identity, sql`select app.find_user_for_invite(${A}, ${ownerB.email}) as id`)
    expect(viewer.id).toBeNull()
  })

  it("cannot read A's vocabulary through the spelling helper", async () => {
    await asService((tx) => tx.query(sql`insert into terms (workspace_id, term, chunks, documents) values (${A}, 'confidential', 3, 1), (${B}, 'confidence', 1, 1)`))
    const closest = (who: Identity, ws: string) => as<{ term: string }>(who, sql`select term from app.closest_terms(${ws}, array['confidentiel'])`)
    expect(await closest(ownerB.identity, A)).toEqual([])
    expect(await closest(publicKeyOf(A), A)).toEqual([])
    expect(await closest(viewerA.identity, A)).toEqual([{ term: 'confidential' }])
    expect(await closest(ownerB.identity, B)).toEqual([{ term: 'confidence' }])
  })

  it("cannot rank or read A's passages through the search functions", async () => {
    const document = randomUUID()
    const text = 'The confidential merger closes in March.'
    await asService(async (tx) => {
      await tx.query(sql`insert into documents (id, workspace_id, name, type, size_bytes, status, generation, language) values (${document}, ${A}, 'plans.md', 'markdown', 40, 'ready', 1, 'en')`)
      await indexChunks(tx, { workspaceId: A, documentId: document, generation: 1, language: 'en', title: 'Plans' }, [{ ordinal: 0, text, headingPath: [], page: null, start: 0, end: text.length, table: null }], null)
      await publishGeneration(tx, A, document, 1)
    })
    const rank = (who: Identity, ws: string) => as<{ chunk_id: string }>(who, sql`select chunk_id from app.lexical_search(${ws}, 'english_unaccent', 'merger', 10, 1000)`)
    const [hit] = await rank(viewerA.identity, A)
    expect(hit).toBeDefined()
    expect(await rank(ownerB.identity, A)).toEqual([])
    expect(await rank(publicKeyOf(A), A)).toEqual([])
    const read = (who: Identity, ws: string) => as<{ content: string }>(who, sql`select content from app.passages(${ws}, array[${hit.chunk_id}]::bigint[])`)
    expect(await read(viewerA.identity, A)).toEqual([{ content: text }])
    expect(await read(ownerB.identity, A)).toEqual([])
    // B's own workspace does not lend its access to A's passage.
    expect(await read(ownerB.identity, B)).toEqual([])
  })
})

describe('server-only data', () => {
  it.each([
    ['sessions', sql`select * from sessions`],
    ['users.password_hash', sql`select password_hash from users`],
    ['users.* (which includes password_hash)', sql`select * from users`],
    ['rate_limits', sql`select * from rate_limits`],
    ['writing users.email', sql`update users set email = 'taken@example.com'`],
    ['writing users.password_hash', sql`update users set password_hash = 'x'`],
    ['inserting a user', sql`insert into users (email) values ('new@example.com')`],
    ['inserting a session', sql`insert into sessions (token_hash, user_id, expires_at) values ('x', gen_random_uuid(), now())`],
  ])('%s: permission denied for a user', async (_label, statement) => {
    const error = await failure(ownerA.identity, statement)
    expect(error.code).toBe('42501')
    expect(error.message).toMatch(/permission denied/)
  })

  it('lets a user change only their own name and locale', async () => {
    expect(ids(await as(viewerA.identity, sql`update users set name = 'Vi', locale = 'fr' returning id`))).toEqual([viewerA.id])
    expect(await as(viewerA.identity, sql`update users set name = 'Hacked' where id = ${ownerA.id} returning id`)).toEqual([])
  })
})

describe('who sees which users', () => {
  it('a user sees only the people they share a workspace with', async () => {
    expect(ids(await as(viewerA.identity, sql`select id from users`))).toEqual([ownerA.id, adminA.id, viewerA.id, plainA.id].sort())
    expect(ids(await as(ownerB.identity, sql`select id from users`))).toEqual([ownerB.id])
    expect(ids(await as(loner.identity, sql`select id from users`))).toEqual([loner.id])
  })
})

describe('key identities', () => {
  it('a secret key of A sees A only, acts as an admin but cannot delete A', async () => {
    const k = secretKeyOf(A, keyA)
    expect(ids(await as(k, sql`select id from workspaces`))).toEqual([A])
    expect(ids(await as(k, sql`select user_id from workspace_members`))).toEqual([ownerA.id, adminA.id, viewerA.id, plainA.id].sort())
    expect((await as<{ workspace_id: string }>(k, sql`select workspace_id from api_keys`)).every((r) => r.workspace_id === A)).toBe(true)
    expect(await as(k, sql`select id from api_keys where id = ${keyB}`)).toEqual([])
    expect(ids(await as(k, sql`update workspaces set system_prompt = 'by key' where id in (${A}, ${B}) returning id`))).toEqual([A])
    expect(await as(k, sql`delete from workspaces returning id`)).toEqual([])
    expect(await as(k, sql`update workspaces set name = 'x' where id = ${B} returning id`)).toEqual([])
  })

  it('a public key sees nothing at all', async () => {
    const k = publicKeyOf(A)
    for (const statement of [sql`select id from workspaces`, sql`select user_id from workspace_members`, sql`select id from api_keys`, sql`select id from users`]) {
      expect(await as(k, statement)).toEqual([])
    }
    expect(await as(k, sql`update workspaces set name = 'x' returning id`)).toEqual([])
  })

  it('forged claims cannot widen a key: a role other than admin gives nothing', async () => {
    const rows = await asService(async (tx) => {
      await tx.query(sql`select set_config('request.jwt.claims', ${JSON.stringify({ role: 'authenticated', app_key: { workspace_id: A, role: 'superuser' } })}, true), set_config('role', 'authenticated', true)`)
      return tx.query(sql`select id from workspaces`)
    })
    expect(rows).toEqual([])
  })
})

describe('the service role', () => {
  it('sees every workspace, member, key and session', async () => {
    const rows = await asService((tx) =>
      tx.query<{ w: number; k: number; s: number }>(sql`
        select (select count(*)::int from workspaces where id in (${A}, ${B})) as w,
               (select count(*)::int from api_keys where workspace_id in (${A}, ${B})) as k,
               (select count(*)::int from sessions) as s`),
    )
    expect(rows[0].w).toBe(2)
    expect(rows[0].k).toBe(3)
    expect(rows[0].s).toBeGreaterThanOrEqual(6)
  })
})

describe('membership writes inside A', () => {
  it('a plain member cannot promote itself; a viewer cannot remove others but can leave', async () => {
    expect(await as(plainA.identity, sql`update workspace_members set role = 'admin' where workspace_id = ${A} and user_id = ${plainA.id} returning user_id`)).toEqual([])
    expect(await as(viewerA.identity, sql`delete from workspace_members where workspace_id = ${A} and user_id = ${plainA.id} returning user_id`)).toEqual([])
    const insert = await failure(plainA.identity, sql`insert into workspace_members (workspace_id, user_id, role) values (${A}, ${loner.id}, 'viewer')`)
    expect(insert.code).toBe('42501')
  })

  it('a user can only create a workspace in their own name, and becomes its owner', async () => {
    const forged = await failure(loner.identity, sql`insert into workspaces (name, created_by) values ('x', ${ownerA.id})`)
    expect(forged.code).toBe('42501')
    // No RETURNING: the new row becomes visible (membership) only once the after-insert trigger ran.
    const mine = randomUUID()
    await as(loner.identity, sql`insert into workspaces (id, name, created_by) values (${mine}, 'Mine', ${loner.id})`)
    const [row] = await as<{ role: string }>(loner.identity, sql`select role from workspace_members where workspace_id = ${mine} and user_id = ${loner.id}`)
    expect(row.role).toBe('owner')
  })
})

describe('the owner trigger', () => {
  let ws: string
  let owner: User, admin: User

  beforeEach(async () => {
    ;[owner, admin] = await Promise.all([user('trigger-owner'), user('trigger-admin')])
    ws = await workspaceOf(owner, 'Trigger')
    await member(ws, admin, 'admin')
  })

  it('stops an admin from changing, removing or granting an owner row (MN002)', async () => {
    const before = await state(ws)
    expect((await failure(admin.identity, sql`update workspace_members set role = 'admin' where workspace_id = ${ws} and user_id = ${owner.id}`)).code).toBe('MN002')
    expect((await failure(admin.identity, sql`delete from workspace_members where workspace_id = ${ws} and user_id = ${owner.id}`)).code).toBe('MN002')
    expect((await failure(admin.identity, sql`update workspace_members set role = 'owner' where workspace_id = ${ws} and user_id = ${admin.id}`)).code).toBe('MN002')
    const stranger = await user('trigger-stranger')
    expect((await failure(admin.identity, sql`insert into workspace_members (workspace_id, user_id, role) values (${ws}, ${stranger.id}, 'owner')`)).code).toBe('MN002')
    // A secret key acts as an admin, not an owner.
    expect((await failure(secretKeyOf(ws), sql`update workspace_members set role = 'viewer' where workspace_id = ${ws} and user_id = ${owner.id}`)).code).toBe('MN002')
    expect(await state(ws)).toEqual(before)
  })

  it('refuses to lose the last owner (MN001), for the owner and for the service alike', async () => {
    expect((await failure(owner.identity, sql`delete from workspace_members where workspace_id = ${ws} and user_id = ${owner.id}`)).code).toBe('MN001')
    expect((await failure(owner.identity, sql`update workspace_members set role = 'admin' where workspace_id = ${ws} and user_id = ${owner.id}`)).code).toBe('MN001')
    await expect(asService((tx) => tx.query(sql`delete from workspace_members where workspace_id = ${ws} and role = 'owner'`))).rejects.toMatchObject({ code: 'MN001' })
    // Deleting every member at once keeps the owner too.
    await expect(asService((tx) => tx.query(sql`delete from workspace_members where workspace_id = ${ws}`))).rejects.toMatchObject({ code: 'MN001' })
    expect((await state(ws)).members).toHaveLength(2)
  })

  it('lets an owner hand over: grant a second owner, then leave', async () => {
    expect(await as(owner.identity, sql`update workspace_members set role = 'owner' where workspace_id = ${ws} and user_id = ${admin.id} returning user_id`)).toHaveLength(1)
    expect(await as(owner.identity, sql`delete from workspace_members where workspace_id = ${ws} and user_id = ${owner.id} returning user_id`)).toHaveLength(1)
    expect((await state(ws)).members).toMatchObject([{ user_id: admin.id, role: 'owner' }])
  })

  it('lets the owner delete the workspace itself: members and keys cascade', async () => {
    await key(ws, 'secret')
    await key(ws, 'public')
    expect(await as(admin.identity, sql`delete from workspaces where id = ${ws} returning id`)).toEqual([])
    expect(ids(await as(owner.identity, sql`delete from workspaces where id = ${ws} returning id`))).toEqual([ws])
    expect(await state(ws)).toEqual({ workspace: [], members: [], keys: [] })
  })
})
