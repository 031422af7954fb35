import { NextRequest } from 'next/server'
import { beforeAll, describe, expect, it } from 'vitest'
import * as unknownRoute from '@/app/api/[...path]/route'
import * as workspacesRoute from '@/app/api/workspaces/route'
import * as openaiModels from '@/app/v1/models/route'
import { config as proxyConfig, proxy } from '@/proxy'
import { createKey, createWorkspace, quickPerson, type Person } from '@/tests/support/actors'
import { call } from '@/tests/support/http'

// vitest.config.ts configures CORS_ORIGINS=https://partner.example.
const partner = 'https://partner.example'
const stranger = 'https://stranger.example'

let person: Person
let secret: string

beforeAll(async () => {
  person = await quickPerson('cors')
  const ws = await createWorkspace(person)
  secret = (await createKey(person, ws.id, 'secret')).token
})

const corsOf = (response: { headers: Headers }) => ({
  origin: response.headers.get('access-control-allow-origin'),
  credentials: response.headers.get('access-control-allow-credentials'),
  vary: response.headers.get('vary'),
})

describe('CORS of the APIs, for the configured origins', () => {
  it('lets a configured origin read the answers, cookie included, and no other', async () => {
    const allowed = await call(workspacesRoute.GET, 'GET', '/api/workspaces', { cookie: person.cookie, headers: { origin: partner } })
    expect(allowed.status).toBe(200)
    expect(corsOf(allowed)).toEqual({ origin: partner, credentials: 'true', vary: expect.stringContaining('Origin') })
    const created = await call(workspacesRoute.POST, 'POST', '/api/workspaces', { cookie: person.cookie, origin: partner, body: { name: 'From the partner' } })
    expect(created.status, created.text).toBe(201)
    expect(corsOf(created).origin).toBe(partner)

    const refused = await call(workspacesRoute.GET, 'GET', '/api/workspaces', { cookie: person.cookie, headers: { origin: stranger } })
    expect(refused.status).toBe(200)
    expect(corsOf(refused)).toEqual({ origin: null, credentials: null, vary: null })
  })

  it('covers errors, the compatible APIs and paths no route serves', async () => {
    const unauthorized = await call(workspacesRoute.GET, 'GET', '/api/workspaces', { headers: { origin: partner } })
    expect(unauthorized.status).toBe(401)
    expect(corsOf(unauthorized).origin).toBe(partner)
    const models = await call(openaiModels.GET, 'GET', '/v1/models', { bearer: secret, headers: { origin: partner } })
    expect(models.status, models.text).toBe(200)
    expect(corsOf(models).origin).toBe(partner)
    const unknown = await call(async (request) => unknownRoute.GET(request), 'GET', '/api/nothing-here', { headers: { origin: partner } })
    expect(unknown.status).toBe(404)
    expect(corsOf(unknown).origin).toBe(partner)
  })

  it('answers preflights in the proxy, the only API requests it runs for', async () => {
    const preflight = (path: string, origin: string) =>
      proxy(new NextRequest(`http://localhost:3000${path}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } }))
    const allowed = await preflight('/api/workspaces', partner)
    expect(allowed.status).toBe(204)
    expect(corsOf(allowed)).toEqual({ origin: partner, credentials: 'true', vary: 'Origin' })
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST')
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization')
    expect((await preflight('/v1/chat/completions', partner)).status).toBe(204)
    const refused = await preflight('/api/workspaces', stranger)
    expect(refused.status).toBe(403)
    expect(corsOf(refused).origin).toBeNull()
    // The widget routes answer their own preflights, for any site.
    expect((await preflight('/api/widget/config', stranger)).headers.get('x-middleware-next')).toBe('1')

    const apiMatchers = proxyConfig.matcher.filter((matcher) => typeof matcher !== 'string')
    expect(apiMatchers.map((matcher) => [matcher.source, matcher.has])).toEqual(
      ['/api/:path*', '/ollama/:path*', '/v1/:path*'].map((source) => [source, [{ type: 'header', key: 'access-control-request-method' }]]),
    )
  })
})
