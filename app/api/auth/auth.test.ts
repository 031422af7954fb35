import { afterEach, describe, expect, it, vi } from 'vitest'
import { asService, sql } from '@/lib/db'
import { PASSWORD, countRows, randomIp, signUp, uniqueEmail } from '@/tests/support/actors'
import { call, cookieFrom, errorOf } from '@/tests/support/http'
import * as login from './login/route'
import * as logout from './logout/route'
import * as me from './me/route'
import * as signup from './signup/route'

const usersWith = async (email: string) =>
  (await asService((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from users where email = ${email}`)))[0].n

const signUpCall = (email: string, password: string, ip = randomIp()) =>
  call(signup.POST, 'POST', '/api/auth/signup', { body: { email, password }, ip })
const logInCall = (email: string, password: string, ip = randomIp()) =>
  call(login.POST, 'POST', '/api/auth/login', { body: { email, password }, ip })

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('POST /api/auth/signup', () => {
  it('creates the account with a lower-cased e-mail and sets an httpOnly SameSite=Lax session cookie', async () => {
    const email = uniqueEmail('mixed.case')
    const response = await signUpCall(email.toUpperCase(), PASSWORD)
    expect(response.status).toBe(201)
    expect(response.json.user).toMatchObject({ email: email.toLowerCase(), name: null })
    expect(response.json.user).not.toHaveProperty('passwordHash')
    expect(response.text).not.toContain('scrypt')

    const [setCookie] = response.headers.getSetCookie()
    expect(setCookie).toMatch(/^monitora_session=[\w-]{20,};/)
    expect(setCookie).toMatch(/; HttpOnly/)
    expect(setCookie).toMatch(/; SameSite=Lax/)
    expect(setCookie).toMatch(/; Path=\//)
    expect(setCookie).toMatch(/; Max-Age=\d+/)

    const [row] = await asService((tx) =>
      tx.query<{ email: string; password_hash: string }>(sql`select email::text as email, password_hash from users where id = ${response.json.user.id}`),
    )
    expect(row.email).toBe(email.toLowerCase())
    expect(row.password_hash).toMatch(/^scrypt\$/)
    expect(row.password_hash).not.toContain(PASSWORD)

    // The session row stores a hash of the token, never the token itself.
    const token = cookieFrom(response).split('=')[1]
    const sessions = await asService((tx) => tx.query<{ token_hash: string }>(sql`select token_hash from sessions where user_id = ${response.json.user.id}`))
    expect(sessions).toHaveLength(1)
    expect(sessions[0].token_hash).not.toBe(token)

    const who = await call(me.GET, 'GET', '/api/auth/me', { cookie: cookieFrom(response) })
    expect(who.status).toBe(200)
    expect(who.json.user).toEqual(response.json.user)
  })

  it('refuses a second account for the same e-mail, whatever its case, with 409 conflict:auth and no second row', async () => {
    const email = uniqueEmail('dup')
    expect((await signUpCall(email, PASSWORD)).status).toBe(201)
    const before = await countRows()
    const again = await signUpCall(email.toUpperCase(), 'another good passphrase')
    expect(again.status).toBe(409)
    expect(errorOf(again).code).toBe('conflict:auth')
    expect(again.headers.getSetCookie()).toEqual([])
    expect(await usersWith(email)).toBe(1)
    const after = await countRows()
    expect({ ...after, rate_hits: 0 }).toEqual({ ...before, rate_hits: 0 })
  })

  it.each([
    ['a common password', () => 'password123'],
    ['a common password in another case', () => 'PassWord123'],
    ['only digits', () => '8675309123'],
    ['one repeated character', () => 'zzzzzzzzzzzz'],
    ['the e-mail address', (email: string) => email],
    ['the e-mail address in capitals', (email: string) => email.toUpperCase()],
    ['the local part of the e-mail address', (email: string) => email.split('@')[0]],
  ])('refuses %s as a password with 400 bad_request:auth and writes nothing', async (_label, password) => {
    const email = uniqueEmail('weakling')
    const before = await countRows()
    const response = await signUpCall(email, password(email))
    expect(response.status).toBe(400)
    expect(errorOf(response)).toMatchObject({ code: 'bad_request:auth', details: { reason: 'weak_password' } })
    expect(response.headers.getSetCookie()).toEqual([])
    expect(await usersWith(email)).toBe(0)
    expect(await countRows()).toEqual(before)
  })

  it('refuses a password shorter than 8 characters with 400 bad_request:api naming the field', async () => {
    const email = uniqueEmail('short')
    const before = await countRows()
    const response = await signUpCall(email, 'Ab3$xy7')
    expect(response.status).toBe(400)
    const error = errorOf(response)
    expect(error.code).toBe('bad_request:api')
    expect(error.details.issues).toEqual([expect.objectContaining({ path: 'password' })])
    expect(await countRows()).toEqual(before)
  })

  it('refuses a malformed e-mail address and a password over 200 characters', async () => {
    const before = await countRows()
    const badEmail = await signUpCall('not-an-address', PASSWORD)
    expect(badEmail.status).toBe(400)
    expect(errorOf(badEmail).details.issues[0].path).toBe('email')
    const long = await signUpCall(uniqueEmail('long'), 'x1'.repeat(101))
    expect(long.status).toBe(400)
    expect(errorOf(long).details.issues[0].path).toBe('password')
    expect(await countRows()).toEqual(before)
  })

  it('limits sign-ups to 20 per address per hour (429 rate_limited:auth with Retry-After)', async () => {
    const ip = randomIp()
    // Requests that fail validation do not count; a duplicate e-mail does (it costs a hash).
    const taken = await signUp('taken')
    for (let i = 0; i < 20; i++) expect((await signUpCall(taken.email, PASSWORD, ip)).status).toBe(409)
    const refused = await signUpCall(uniqueEmail('late'), PASSWORD, ip)
    expect(refused.status).toBe(429)
    expect(errorOf(refused).code).toBe('rate_limited:auth')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(3600)
    // Another address is not affected.
    expect((await signUpCall(uniqueEmail('elsewhere'), PASSWORD)).status).toBe(201)
  })
})

describe('POST /api/auth/login', () => {
  it('signs in with the right password, whatever the case of the e-mail, and starts a new session', async () => {
    const person = await signUp('login')
    const response = await logInCall(person.email.toUpperCase(), PASSWORD)
    expect(response.status).toBe(200)
    expect(response.json.user).toMatchObject({ id: person.id, email: person.email })
    const cookie = cookieFrom(response)
    expect(cookie).toMatch(/^monitora_session=/)
    expect(cookie).not.toBe(person.cookie)
    expect(response.headers.getSetCookie()[0]).toMatch(/HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/)
    expect((await call(me.GET, 'GET', '/api/auth/me', { cookie })).json.user.id).toBe(person.id)
    // The first session still works too.
    expect((await call(me.GET, 'GET', '/api/auth/me', { cookie: person.cookie })).status).toBe(200)
  })

  it('answers a wrong password and an unknown e-mail alike: 401 unauthorized:auth, same message, no cookie', async () => {
    const person = await signUp('victim')
    const sessionsBefore = (await countRows()).sessions
    const wrong = await logInCall(person.email, 'not the password at all')
    const unknown = await logInCall(uniqueEmail('nobody'), 'not the password at all')
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401)
      expect(errorOf(response).code).toBe('unauthorized:auth')
      expect(response.headers.getSetCookie()).toEqual([])
    }
    expect(errorOf(wrong).message).toBe(errorOf(unknown).message)
    expect((await countRows()).sessions).toBe(sessionsBefore)
  })

  it('refuses an account without a password (Supabase-created rows) like a wrong password', async () => {
    const email = uniqueEmail('nopassword')
    await asService((tx) => tx.query(sql`insert into users (email) values (${email})`))
    const response = await logInCall(email, PASSWORD)
    expect(response.status).toBe(401)
    expect(errorOf(response).code).toBe('unauthorized:auth')
  })

  it('refuses the 11th attempt for the same e-mail within the window with 429 and Retry-After, and lets it in once the window is over', async () => {
    const person = await signUp('bruteforced')
    const ip = randomIp()
    // Pin the clock at the start of a 15-minute window so the run cannot straddle two windows.
    const windowMs = 900_000
    const start = Math.floor(Date.now() / windowMs) * windowMs
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(start + 1_000)
    for (let i = 0; i < 10; i++) expect((await logInCall(person.email, `wrong guess ${i}`, ip)).status).toBe(401)
    // Even the right password is refused now.
    const refused = await logInCall(person.email, PASSWORD, ip)
    expect(refused.status).toBe(429)
    expect(errorOf(refused)).toMatchObject({ code: 'rate_limited:auth', details: { retryAfterSeconds: 899 } })
    expect(refused.headers.get('retry-after')).toBe('899')
    expect(refused.headers.getSetCookie()).toEqual([])
    // Other e-mails from the same address are not locked out by it.
    const other = await signUp('bystander')
    expect((await logInCall(other.email, PASSWORD, ip)).status).toBe(200)
    // The next window starts afresh.
    vi.setSystemTime(start + windowMs + 1_000)
    expect((await logInCall(person.email, PASSWORD, ip)).status).toBe(200)
  })

  it('bounds guesses on one account even when every attempt forges a new address', async () => {
    const person = await signUp('spoofed')
    const windowMs = 900_000
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Math.floor(Date.now() / windowMs) * windowMs + 1_000)
    for (let i = 0; i < 30; i++) expect((await logInCall(person.email, `wrong guess ${i}`, randomIp())).status).toBe(401)
    const refused = await logInCall(person.email, PASSWORD, randomIp())
    expect(refused.status).toBe(429)
    expect(errorOf(refused).code).toBe('rate_limited:auth')
  })

  it('counts attempts per e-mail whatever its case', async () => {
    const person = await signUp('casey')
    const ip = randomIp()
    const windowMs = 900_000
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Math.floor(Date.now() / windowMs) * windowMs + 1_000)
    for (let i = 0; i < 10; i++) {
      const email = i % 2 ? person.email.toUpperCase() : person.email
      expect((await logInCall(email, `wrong guess ${i}`, ip)).status).toBe(401)
    }
    expect((await logInCall(` ${person.email.toUpperCase()}`.trim(), PASSWORD, ip)).status).toBe(429)
  })

  it('rejects a malformed body before counting an attempt', async () => {
    const before = await countRows()
    const response = await call(login.POST, 'POST', '/api/auth/login', { body: { email: 'a@example.com' }, ip: randomIp() })
    expect(response.status).toBe(400)
    expect(errorOf(response).details.issues[0].path).toBe('password')
    expect(await countRows()).toEqual(before)
  })
})

describe('POST /api/auth/logout', () => {
  it('ends the session: 204, the cookie is cleared and the old cookie no longer works', async () => {
    const person = await signUp('leaver')
    expect((await call(me.GET, 'GET', '/api/auth/me', { cookie: person.cookie })).status).toBe(200)
    const response = await call(logout.POST, 'POST', '/api/auth/logout', { cookie: person.cookie })
    expect(response.status).toBe(204)
    const [cleared] = response.headers.getSetCookie()
    expect(cleared).toMatch(/^monitora_session=;/)
    expect(cleared).toMatch(/Max-Age=0/)
    const again = await call(me.GET, 'GET', '/api/auth/me', { cookie: person.cookie })
    expect(again.status).toBe(401)
    expect(errorOf(again).code).toBe('unauthorized:auth')
    const sessions = await asService((tx) => tx.query(sql`select 1 from sessions where user_id = ${person.id}`))
    expect(sessions).toHaveLength(0)
  })

  it('succeeds without a session too', async () => {
    const response = await call(logout.POST, 'POST', '/api/auth/logout', {})
    expect(response.status).toBe(204)
  })

  it('only ends the session it was called with', async () => {
    const person = await signUp('twodevices')
    const second = cookieFrom(await logInCall(person.email, PASSWORD))
    expect((await call(logout.POST, 'POST', '/api/auth/logout', { cookie: person.cookie })).status).toBe(204)
    expect((await call(me.GET, 'GET', '/api/auth/me', { cookie: second })).status).toBe(200)
  })
})

describe('GET /api/auth/me', () => {
  it.each([
    ['no cookie', undefined],
    ['a random session token', `monitora_session=${'A'.repeat(43)}`],
    ['a forged token', 'monitora_session=forged-token-1234'],
    ['an empty token', 'monitora_session='],
    ['an oversized token', `monitora_session=${'x'.repeat(5000)}`],
    ['another cookie only', 'other=1'],
  ])('answers 401 unauthorized:auth with %s', async (_label, cookie) => {
    const response = await call(me.GET, 'GET', '/api/auth/me', { cookie })
    expect(response.status).toBe(401)
    expect(errorOf(response).code).toBe('unauthorized:auth')
  })

  it('refuses an expired session', async () => {
    const person = await signUp('expired')
    await asService((tx) => tx.query(sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${person.id}`))
    expect((await call(me.GET, 'GET', '/api/auth/me', { cookie: person.cookie })).status).toBe(401)
  })

  it('does not accept the stored hash of a session as a cookie', async () => {
    const person = await signUp('hash')
    const [{ token_hash }] = await asService((tx) => tx.query<{ token_hash: string }>(sql`select token_hash from sessions where user_id = ${person.id}`))
    expect((await call(me.GET, 'GET', '/api/auth/me', { cookie: `monitora_session=${token_hash}` })).status).toBe(401)
  })
})

describe('sessions read a moment ago', () => {
  const meWith = async (cookie: string) => (await call(me.GET, 'GET', '/api/auth/me', { cookie })).status

  it('are not read again for a few seconds: one ended through another server works that long here, then no more', async () => {
    const person = await signUp('elsewhere')
    expect(await meWith(person.cookie)).toBe(200)
    await asService((tx) => tx.query(sql`delete from sessions where user_id = ${person.id}`))
    expect(await meWith(person.cookie)).toBe(200)
    const later = Date.now() + 5_001
    vi.spyOn(Date, 'now').mockReturnValue(later)
    expect(await meWith(person.cookie)).toBe(401)
  })

  it('never outlive their expiry', async () => {
    const person = await signUp('expiring')
    await asService((tx) => tx.query(sql`update sessions set expires_at = now() + interval '300 milliseconds' where user_id = ${person.id}`))
    expect(await meWith(person.cookie)).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(await meWith(person.cookie)).toBe(401)
  })
})
