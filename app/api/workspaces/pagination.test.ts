import { beforeAll, describe, expect, it } from 'vitest'
import { asService, sql } from '@/lib/db'
import { addMember, createKey, createWorkspace, insertUser, quickPerson, type Person, type Workspace } from '@/tests/support/actors'
import { call, outcome, type CallResult } from '@/tests/support/http'
import * as workspaces from './route'
import * as members from './[ws]/members/route'
import * as keys from './[ws]/keys/route'

/** Follows nextCursor to the end; returns every page. */
async function walk(fetchPage: (query: Record<string, string>) => Promise<CallResult>, limit: number) {
  const pages: { items: Record<string, any>[]; nextCursor: string | null }[] = []
  let cursor: string | null = null
  for (let guard = 0; guard < 50; guard++) {
    const response = await fetchPage({ limit: String(limit), ...(cursor ? { cursor } : {}) })
    expect(outcome(response)).toBe('200')
    expect(Object.keys(response.json).sort()).toEqual(['items', 'nextCursor'])
    pages.push(response.json)
    cursor = response.json.nextCursor
    if (!cursor) return pages
  }
  throw new Error('pagination never ended')
}

describe('pagination', () => {
  let person: Person
  const created: string[] = []

  beforeAll(async () => {
    person = await quickPerson('paginator')
    for (let i = 0; i < 25; i++) created.push((await createWorkspace(person, `Workspace ${String(i).padStart(2, '0')}`)).id)
  })

  const listWorkspaces = (query: Record<string, string>) => call(workspaces.GET, 'GET', '/api/workspaces', { cookie: person.cookie, query })

  it('walks 25 workspaces in pages of 10: no duplicate, no gap, newest first, last nextCursor null', async () => {
    const pages = await walk(listWorkspaces, 10)
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5])
    expect(pages.map((p) => p.nextCursor === null)).toEqual([false, false, true])
    const ids = pages.flatMap((p) => p.items.map((w) => w.id))
    expect(new Set(ids).size).toBe(25)
    expect([...ids].sort()).toEqual([...created].sort())
    // Newest first: the last created comes first (ties, if any, are ordered by id: see below).
    expect(ids[0]).toBe(created.at(-1))
    const times = pages.flatMap((p) => p.items.map((w) => Date.parse(w.createdAt)))
    expect(times).toEqual([...times].sort((a, b) => b - a))
  })

  it('defaults to 20 per page and takes up to 100', async () => {
    const first = await listWorkspaces({})
    expect(first.json.items).toHaveLength(20)
    expect(first.json.nextCursor).toEqual(expect.any(String))
    const all = await listWorkspaces({ limit: '100' })
    expect(all.json.items).toHaveLength(25)
    expect(all.json.nextCursor).toBeNull()
  })

  it('ends with nextCursor null when the last page is exactly full', async () => {
    const pages = await walk(listWorkspaces, 5)
    expect(pages.map((p) => p.items.length)).toEqual([5, 5, 5, 5, 5])
    expect(pages.at(-1)!.nextCursor).toBeNull()
  })

  it('keeps rows created at the very same instant apart by id (no skipped ties)', async () => {
    const tied = await quickPerson('tied')
    const at = '2024-05-01 12:00:00.123456+00'
    const ids = await asService(async (tx) => {
      const out: string[] = []
      for (let i = 0; i < 7; i++) {
        const [row] = await tx.query<{ id: string }>(sql`insert into workspaces (name, created_by, created_at) values (${`Tie ${i}`}, ${tied.id}, ${at}) returning id`)
        out.push(row.id)
      }
      return out
    })
    const pages = await walk((query) => call(workspaces.GET, 'GET', '/api/workspaces', { cookie: tied.cookie, query }), 3)
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1])
    const seen = pages.flatMap((p) => p.items.map((w) => w.id))
    expect(seen).toEqual([...ids].sort().reverse())
  })

  it('keeps microseconds in the cursor: rows 1 µs apart are neither skipped nor repeated', async () => {
    const close = await quickPerson('close')
    await asService(async (tx) => {
      for (const micro of ['000001', '000002', '000003', '000004']) {
        await tx.query(sql`insert into workspaces (name, created_by, created_at) values (${micro}, ${close.id}, ${`2024-05-01 12:00:00.${micro}+00`})`)
      }
    })
    const pages = await walk((query) => call(workspaces.GET, 'GET', '/api/workspaces', { cookie: close.cookie, query }), 1)
    expect(pages.flatMap((p) => p.items.map((w) => w.name))).toEqual(['000004', '000003', '000002', '000001'])
  })

  it('pages through members and keys the same way', async () => {
    const ws: Workspace = await createWorkspace(person, 'Crowded')
    for (let i = 0; i < 11; i++) await addMember(person, ws.id, await insertUser('crowd'), i % 2 ? 'viewer' : 'member')
    const memberPages = await walk((query) => call(members.GET, 'GET', '/x', { cookie: person.cookie, params: { ws: ws.id }, query }), 5)
    expect(memberPages.map((p) => p.items.length)).toEqual([5, 5, 2])
    expect(new Set(memberPages.flatMap((p) => p.items.map((m) => m.userId))).size).toBe(12)

    for (let i = 0; i < 7; i++) await createKey(person, ws.id, i % 2 ? 'public' : 'secret', `k${i}`)
    const keyPages = await walk((query) => call(keys.GET, 'GET', '/x', { cookie: person.cookie, params: { ws: ws.id }, query }), 3)
    expect(keyPages.map((p) => p.items.length)).toEqual([3, 3, 1])
    expect(new Set(keyPages.flatMap((p) => p.items.map((k) => k.id))).size).toBe(7)
  })
})
