import { describe, expect, it } from 'vitest'
import * as route from '@/app/api/openapi.json/route'
import { openApiDocument } from './openapi'
import { errorStatus } from './errors'

type Operation = {
  operationId: string
  security: object[]
  parameters: { name: string; in: string; required: boolean }[]
  requestBody?: { content: Record<string, { schema: object }> }
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }>
}
type Document = {
  openapi: string
  info: { title: string; version: string }
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, any>; securitySchemes: Record<string, object> }
}

const doc = openApiDocument() as Document
const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/** Every route handler of the APIs (app/api, and the compatible APIs under app/ollama and app/v1), as `METHOD /path/{param}`. */
const modules = import.meta.glob<Record<string, unknown>>(['/app/api/**/route.ts', '/app/ollama/**/route.ts', '/app/v1/**/route.ts'], { eager: true })
// The catch-alls that answer paths no route serves (unknownRoutes) are no routes of the API.
const handlers = Object.entries(modules).filter(([file]) => !file.includes('[...')).flatMap(([file, module]) => {
  const path = file.replace(/^\/app/, '').replace(/\/route\.ts$/, '').replace(/\[(\w+)\]/g, '{$1}')
  return methods.filter((method) => typeof module[method] === 'function').map((method) => `${method} ${path}`)
})

/** The routes of the public API surface (docs/reference api-surface.md) implemented so far. */
const surface = [
  'GET /api/health',
  'GET /api/openapi.json',
  'POST /api/auth/signup',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'GET /api/auth/me',
  'GET /api/workspaces',
  'POST /api/workspaces',
  'GET /api/workspaces/{ws}',
  'PATCH /api/workspaces/{ws}',
  'DELETE /api/workspaces/{ws}',
  'GET /api/workspaces/{ws}/members',
  'POST /api/workspaces/{ws}/members',
  'PATCH /api/workspaces/{ws}/members/{userId}',
  'DELETE /api/workspaces/{ws}/members/{userId}',
  'GET /api/workspaces/{ws}/keys',
  'POST /api/workspaces/{ws}/keys',
  'DELETE /api/workspaces/{ws}/keys/{keyId}',
  'POST /api/workspaces/{ws}/keys/{keyId}/rotate',
  'GET /api/conversations/{id}/export',
  'GET /api/conversations/{id}/artifacts',
  'POST /api/conversations/{id}/artifacts',
  'GET /api/artifacts/{id}',
  'PATCH /api/artifacts/{id}',
  'DELETE /api/artifacts/{id}',
  'GET /api/artifacts/{id}/export',
  'POST /api/workspaces/{ws}/exports',
]

const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with a title and the package version', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/)
    expect(doc.info.title).toBeTruthy()
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('finds the route handlers of this issue', () => {
    expect(handlers).toEqual(expect.arrayContaining(surface))
  })

  it('documents every route of the API surface that exists in app/api', () => {
    const implemented = surface.filter((route) => handlers.includes(route))
    expect(implemented.filter((route) => !documented.includes(route))).toEqual([])
  })

  it('documents every route handler under app/api, and nothing that does not exist', () => {
    expect(handlers.filter((route) => !documented.includes(route))).toEqual([])
    expect(documented.filter((route) => !handlers.includes(route))).toEqual([])
  })

  it('gives every operation a success response, unique operationId and declared path parameters', () => {
    const ids = new Set<string>()
    for (const [path, ops] of Object.entries(doc.paths)) {
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
      for (const [method, op] of Object.entries(ops)) {
        const label = `${method} ${path}`
        const statuses = Object.keys(op.responses)
        expect(statuses.length, label).toBeGreaterThan(0)
        expect(statuses.some((s) => s.startsWith('2')), label).toBe(true)
        for (const response of Object.values(op.responses)) expect(response.description, label).toBeTruthy()
        expect(ids.has(op.operationId), op.operationId).toBe(false)
        ids.add(op.operationId)
        const declared = op.parameters.filter((p) => p.in === 'path')
        expect(declared.map((p) => p.name).sort(), label).toEqual(pathParams)
        for (const p of declared) expect(p.required, label).toBe(true)
      }
    }
  })

  it('describes errors with components.schemas.Error (the compatible APIs with their own formats), under statuses that match their type', () => {
    const error = doc.components.schemas.Error
    expect(error).toMatchObject({ type: 'object', required: ['error'] })
    expect(error.properties.error.required).toEqual(expect.arrayContaining(['code', 'message']))
    expect(doc.components.schemas.OllamaError.properties.error).toMatchObject({ type: 'string' })
    expect(doc.components.schemas.OpenAIError.properties.error.required).toEqual(expect.arrayContaining(['message', 'type', 'code']))
    const statuses = new Set(Object.values(errorStatus).map(String))
    for (const [path, ops] of Object.entries(doc.paths)) {
      const schema = path.startsWith('/ollama/') ? 'OllamaError' : path.startsWith('/v1/') ? 'OpenAIError' : 'Error'
      for (const op of Object.values(ops)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) < 400) continue
          expect(statuses.has(status), `${op.operationId} ${status}`).toBe(true)
          expect(response.content?.['application/json'].schema.$ref, op.operationId).toBe(`#/components/schemas/${schema}`)
        }
      }
    }
  })

  it('declares authentication per route: none for sign-in, the session for members, session or key for settings', () => {
    const security = (method: string, path: string) => doc.paths[path][method].security
    expect(security('post', '/api/auth/login')).toEqual([])
    expect(security('get', '/api/workspaces/{ws}/members')).toEqual([{ session: [] }])
    expect(security('patch', '/api/workspaces/{ws}')).toEqual([{ session: [] }, { secretKey: [] }])
    expect(security('post', '/v1/chat/completions')).toEqual([{ secretKey: [] }])
    expect(security('post', '/ollama/api/chat')).toEqual([{ secretKey: [] }])
    expect(Object.keys(doc.components.securitySchemes)).toEqual(expect.arrayContaining(['session', 'secretKey', 'publicKey']))
  })

  it('documents list parameters and request bodies', () => {
    const list = doc.paths['/api/workspaces'].get
    expect(list.parameters.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['query:cursor', 'query:limit'])
    const patch = doc.paths['/api/workspaces/{ws}'].patch
    const body = patch.requestBody!.content['application/json'].schema as { properties: Record<string, unknown> }
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['name', 'systemPrompt', 'model', 'temperature', 'allowedDomains', 'widget']))
  })

  it('is served as JSON by GET /api/openapi.json', async () => {
    const response = await route.GET(new Request('http://localhost:3000/api/openapi.json'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/application\/json/)
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(doc)))
  })
})
