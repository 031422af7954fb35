import { describe, expect, it } from 'vitest'
import { alertEvent } from '../webhooks/slack'
import { asService, sql } from '../db'
import { createWorkspace, quickPerson } from '@/tests/support/actors'
import { readersLocale } from './locale'

const localeOf = async (workspaceId: string) => (await asService((tx) => tx.query<{ locale: string }>(sql`select ${readersLocale(sql`${workspaceId}::uuid`)} as locale`)))[0].locale

describe('the language of a workspace’s readers', () => {
  it('is the first owner’s who chose one, else that of most of its ready documents, else English', async () => {
    const owner = await quickPerson('owner')
    const ws = await createWorkspace(owner)
    expect(await localeOf(ws.id)).toBe('en')
    await asService(async (tx) => {
      for (const [name, language, status] of [['a.md', 'fr', 'ready'], ['b.md', 'fr', 'ready'], ['c.md', 'en', 'ready'], ['d.md', 'en', 'failed'], ['e.md', 'en', 'processing']]) {
        await tx.query(sql`insert into documents (workspace_id, name, type, size_bytes, status, language) values (${ws.id}, ${name}, 'markdown', 10, ${status}, ${language})`)
      }
    })
    expect(await localeOf(ws.id)).toBe('fr')
    await asService((tx) => tx.query(sql`update users set locale = 'en' where id = ${owner.id}`))
    expect(await localeOf(ws.id)).toBe('en')
  })

  it('writes alert messages in French for French readers', () => {
    const alert = { id: 'a1', workspace_id: 'w1', workspace_name: 'Support', kind: 'document_failures', subject: 'd1', subject_name: 'broken.pdf', value: 1, threshold: 1, details: {}, change: 'raised', locale: 'fr' } as const
    const { payload } = alertEvent(alert as unknown as Parameters<typeof alertEvent>[0], 'fr')
    expect(payload.text).toMatch(/^:rotating_light: Alerte dans Support : .*broken\.pdf/)
    expect(JSON.stringify(payload.blocks)).toContain('*Règle*')
    expect(alertEvent(alert as unknown as Parameters<typeof alertEvent>[0], 'en').payload.text).toMatch(/^:rotating_light: Alert in Support: .*broken\.pdf/)
  })
})
