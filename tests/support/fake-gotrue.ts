import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { listen, readJson } from './loopback'

/**
 * A scripted Supabase Auth (GoTrue) server on loopback, for the real @supabase/ssr client:
 * sign-up, password grant, user and logout. Tokens are HS256-shaped, so the client verifies
 * them by calling /auth/v1/user, as it does with a real project using symmetric keys.
 */
export interface FakeGoTrue {
  url: string
  requireConfirmation: boolean
  calls: string[]
  close(): Promise<void>
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

export async function startFakeGoTrue(): Promise<FakeGoTrue> {
  const users = new Map<string, { id: string; email: string; password: string }>()
  const tokens = new Map<string, string>() // access token -> user id
  const state = { requireConfirmation: false, calls: [] as string[] }

  const userJson = (user: { id: string; email: string }) => ({
    id: user.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: user.email,
    email_confirmed_at: new Date().toISOString(),
    app_metadata: { provider: 'email' },
    user_metadata: {},
    identities: [],
    created_at: new Date().toISOString(),
    updated_at: new Date().toISOString(),
  })

  const session = (user: { id: string; email: string }) => {
    const exp = Math.floor(Date.now() / 1000) + 3600
    const access = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: user.id, email: user.email, role: 'authenticated', aud: 'authenticated', exp, iat: exp - 3600, session_id: randomUUID() })}.${randomUUID().replaceAll('-', '')}`
    tokens.set(access, user.id)
    return { access_token: access, token_type: 'bearer', expires_in: 3600, expires_at: exp, refresh_token: randomUUID(), user: userJson(user) }
  }

  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake')
    state.calls.push(`${request.method} ${url.pathname}${url.search}`)
    const send = (status: number, body?: object) => {
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(body ? JSON.stringify(body) : undefined)
    }
    const bearer = request.headers.authorization?.replace(/^Bearer /, '') ?? ''
    if (request.method === 'POST' && url.pathname === '/auth/v1/signup') {
      const body = await readJson(request)
      const email = String(body.email).toLowerCase()
      if ([...users.values()].some((u) => u.email === email)) return send(422, { code: 422, error_code: 'user_already_exists', msg: 'User already registered' })
      const user = { id: randomUUID(), email, password: String(body.password) }
      users.set(user.id, user)
      return send(200, state.requireConfirmation ? userJson(user) : session(user))
    }
    if (request.method === 'POST' && url.pathname === '/auth/v1/token' && url.searchParams.get('grant_type') === 'password') {
      const body = await readJson(request)
      const user = [...users.values()].find((u) => u.email === String(body.email).toLowerCase() && u.password === body.password)
      if (!user) return send(400, { code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' })
      return send(200, session(user))
    }
    if (request.method === 'GET' && url.pathname === '/auth/v1/user') {
      const user = users.get(tokens.get(bearer) ?? '')
      return user ? send(200, userJson(user)) : send(403, { code: 403, error_code: 'bad_jwt', msg: 'invalid JWT' })
    }
    if (request.method === 'POST' && url.pathname === '/auth/v1/logout') {
      tokens.delete(bearer)
      return send(204)
    }
    send(404, { msg: 'not found' })
  })
  const { origin, close } = await listen(server)
  return {
    url: origin,
    get requireConfirmation() {
      return state.requireConfirmation
    },
    set requireConfirmation(value: boolean) {
      state.requireConfirmation = value
    },
    calls: state.calls,
    close,
  }
}
