import { afterEach, describe, expect, it, vi } from 'vitest'
import { asService, sql } from '@/lib/db'
import { createKey, createWorkspace, quickPerson } from '@/tests/support/actors'
import { call, outcome } from '@/tests/support/http'
import * as rotateRoute from './[ws]/keys/[keyId]/rotate/route'
import * as keyRoute from './[ws]/keys/[keyId]/route'
import * as workspaceRoute from './[ws]/route'

afterEach(() => vi.restoreAllMocks())

async function workspaceWithKey() {
  const owner = await quickPerson('keys')
  const ws = await createWorkspace(owner)
  const key = await createKey(owner, ws.id, 'secret')
  const read = async (token: string) => outcome(await call(workspaceRoute.GET, 'GET', `/api/workspaces/${ws.id}`, { bearer: token, params: { ws: ws.id } }))
  return { owner, ws, key, read }
}

describe('keys verified a moment ago', () => {
  it('stop working at once when revoked or rotated here, or when their workspace is deleted here', async () => {
    const { owner, ws, key, read } = await workspaceWithKey()
    expect(await read(key.token)).toBe('200')
    const revoked = await call(keyRoute.DELETE, 'DELETE', `/api/workspaces/${ws.id}/keys/${key.id}`, { cookie: owner.cookie, params: { ws: ws.id, keyId: key.id } })
    expect(outcome(revoked), revoked.text).toBe('204')
    expect(await read(key.token)).toBe('401 unauthorized:key')

    const second = await createKey(owner, ws.id, 'secret')
    expect(await read(second.token)).toBe('200')
    const rotated = await call(rotateRoute.POST, 'POST', `/api/workspaces/${ws.id}/keys/${second.id}/rotate`, { cookie: owner.cookie, params: { ws: ws.id, keyId: second.id } })
    expect(outcome(rotated), rotated.text).toBe('201')
    expect(await read(second.token)).toBe('401 unauthorized:key')
    expect(await read(rotated.json.token)).toBe('200')

    const deleted = await call(workspaceRoute.DELETE, 'DELETE', `/api/workspaces/${ws.id}`, { cookie: owner.cookie, params: { ws: ws.id } })
    expect(outcome(deleted), deleted.text).toBe('204')
    expect(await read(rotated.json.token)).toBe('401 unauthorized:key')
  })

  it('revoked through another server, still pass here for up to five seconds, then no more', async () => {
    const { key, read } = await workspaceWithKey()
    expect(await read(key.token)).toBe('200')
    await asService((tx) => tx.query(sql`update api_keys set revoked_at = now() where id = ${key.id}`))
    expect(await read(key.token)).toBe('200')
    const later = Date.now() + 5_001
    vi.spyOn(Date, 'now').mockReturnValue(later)
    expect(await read(key.token)).toBe('401 unauthorized:key')
  })
})
