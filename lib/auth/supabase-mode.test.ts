import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as login from '@/app/api/auth/login/route'
import * as logout from '@/app/api/auth/logout/route'
import * as me from '@/app/api/auth/me/route'
import * as signup from '@/app/api/auth/signup/route'
import * as workspaces from '@/app/api/workspaces/route'
import { asService, sql } from '@/lib/db'
import { startFakeGoTrue, type FakeGoTrue } from '@/tests/support/fake-gotrue'
import { call, cookieFrom } from '@/tests/support/http'

// Supabase Auth mode end to end through the routes: the real @supabase/ssr client talks to a
// scripted GoTrue on loopback; our database keeps the same user ids and policies.
let gotrue: FakeGoTrue
const saved = { ...process.env }

beforeAll(async () => {
  gotrue = await startFakeGoTrue()
  process.env.SUPABASE_URL = gotrue.url
  process.env.SUPABASE_ANON_KEY = 'anon-key-for-the-fake-gotrue'
  process.env.DATABASE_URL = 'postgres://unused@127.0.0.1:1/unused' // required by the config; tests inject their database
})

afterAll(async () => {
  process.env = saved
  await gotrue.close()
})

describe('Supabase Auth mode', () => {
  it('signs up, reads the session, uses the dashboard API and signs out', async () => {
    const created = await call(signup.POST, 'POST', '/api/auth/signup', { body: { email: 'Sup@Example.com', password: 'supabase passphrase' } })
    expect(created.status).toBe(201)
    const cookie = cookieFrom(created)
    expect(cookie).toMatch(/^sb-[\w-]+-auth-token/)
    expect(gotrue.calls).toContain('POST /auth/v1/signup')

    const [row] = await asService((tx) => tx.query<{ id: string; password_hash: string | null }>(sql`select id, password_hash from users where email = 'sup@example.com'`))
    expect(row.password_hash).toBeNull()
    expect(created.json.user.id).toBe(row.id)

    const who = await call(me.GET, 'GET', '/api/auth/me', { cookie })
    expect(who.status).toBe(200)
    expect(who.json.user.email).toBe('sup@example.com')
    expect(gotrue.calls).toContain('GET /auth/v1/user')

    const ws = await call(workspaces.POST, 'POST', '/api/workspaces', { cookie, body: { name: 'On Supabase' } })
    expect(ws.status).toBe(201)
    expect(ws.json.role).toBe('owner')

    const out = await call(logout.POST, 'POST', '/api/auth/logout', { cookie })
    expect(out.status).toBe(204)
    expect(gotrue.calls.some((c) => c.startsWith('POST /auth/v1/logout'))).toBe(true)
    expect((await call(me.GET, 'GET', '/api/auth/me', { cookie })).status).toBe(401)
  })

  it('signs in with the right password only, and refuses a second sign-up with the same e-mail', async () => {
    await call(signup.POST, 'POST', '/api/auth/signup', { body: { email: 'twice@example.com', password: 'supabase passphrase' } })
    const wrong = await call(login.POST, 'POST', '/api/auth/login', { body: { email: 'twice@example.com', password: 'not the one' } })
    expect(wrong.status).toBe(401)
    expect(wrong.json.error.code).toBe('unauthorized:auth')
    const right = await call(login.POST, 'POST', '/api/auth/login', { body: { email: 'twice@example.com', password: 'supabase passphrase' } })
    expect(right.status).toBe(200)
    expect((await call(me.GET, 'GET', '/api/auth/me', { cookie: cookieFrom(right) })).json.user.email).toBe('twice@example.com')
    const again = await call(signup.POST, 'POST', '/api/auth/signup', { body: { email: 'twice@example.com', password: 'supabase passphrase' } })
    expect(again.status).toBe(409)
    expect(again.json.error.code).toBe('conflict:auth')
  })

  it('answers 202 without a session when the project asks for an e-mail confirmation', async () => {
    gotrue.requireConfirmation = true
    try {
      const created = await call(signup.POST, 'POST', '/api/auth/signup', { body: { email: 'confirm@example.com', password: 'supabase passphrase' } })
      expect(created.status).toBe(202)
      expect(created.json).toEqual({ confirmationRequired: true })
      expect(cookieFrom(created)).not.toMatch(/auth-token=[^;]/)
    } finally {
      gotrue.requireConfirmation = false
    }
  })
})
