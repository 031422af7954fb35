import { describe, expect, it } from 'vitest'
import { call, cookieFrom } from '@/tests/support/http'
import * as signup from './auth/signup/route'
import * as me from './auth/me/route'
import * as workspaces from './workspaces/route'
import * as workspace from './workspaces/[ws]/route'

describe('smoke', () => {
  it('signs up, creates a workspace and reads it', async () => {
    const created = await call(signup.POST, 'POST', '/api/auth/signup', { body: { email: 'Ana@Example.com', password: 'correct horse battery' } })
    expect(created.status).toBe(201)
    const cookie = cookieFrom(created)
    expect(cookie).toMatch(/^monitora_session=/)
    const who = await call(me.GET, 'GET', '/api/auth/me', { cookie })
    expect(who.json.user.email).toBe('ana@example.com')
    const ws = await call(workspaces.POST, 'POST', '/api/workspaces', { cookie, body: { name: 'Docs' } })
    expect(ws.status).toBe(201)
    expect(ws.json.role).toBe('owner')
    const read = await call(workspace.GET, 'GET', `/api/workspaces/${ws.json.id}`, { cookie, params: { ws: ws.json.id } })
    expect(read.json.name).toBe('Docs')
    const list = await call(workspaces.GET, 'GET', '/api/workspaces', { cookie })
    expect(list.json).toMatchObject({ items: [{ id: ws.json.id }], nextCursor: null })
  })
})
