import { describe, expect, it } from 'vitest'
import { asService, database, serviceQuery, sql } from '.'

describe('database', () => {
  it('has the extensions and the accent-insensitive French and English configs', async () => {
    const [row] = await asService((tx) =>
      tx.query<{ fr: string; en: string; sim: number; ext: string[] }>(sql`
        select to_tsvector('french_unaccent', 'Événement à Noël, été créé')::text as fr,
               to_tsvector('english_unaccent', 'The café foxes')::text as en,
               similarity('Noël', 'Noel') as sim,
               array(select extname::text from pg_extension order by 1) as ext`),
    )
    // Stop words go before accents are folded, so "à" and "été" are not indexed as "a" and "ete".
    expect(row.fr).toBe("'cre':5 'even':1 'noel':3")
    expect(row.en).toContain("'cafe'")
    expect(row.sim).toBeGreaterThan(0)
    expect(row.ext).toEqual(expect.arrayContaining(['citext', 'pg_trgm', 'unaccent', 'vector']))
  })

  it('records migrations so each runs once', async () => {
    const { migrate } = await import('./migrate')
    expect(await migrate(await database())).toEqual([])
  })

  it('rolls a failed transaction back entirely', async () => {
    await expect(
      asService(async (tx) => {
        await tx.query(sql`insert into users (email) values ('rollback@example.com')`)
        await tx.query(sql`select 1/0`)
      }),
    ).rejects.toThrow()
    const rows = await asService((tx) => tx.query(sql`select 1 from users where email = 'rollback@example.com'`))
    expect(rows).toHaveLength(0)
  })

  it('applies a transaction’s settings to its statements only, returning none of their rows', async () => {
    const db = await database()
    const seen = await db.transaction((tx) => tx.query<{ claims: string; role: string }>(sql`select current_setting('request.jwt.claims', true) as claims, current_user as role`), {
      settings: { 'request.jwt.claims': '{"sub":"someone"}', role: 'authenticated' },
    })
    expect(seen).toEqual([{ claims: '{"sub":"someone"}', role: 'authenticated' }])
    const [after] = await serviceQuery<{ claims: string | null; role: string }>(sql`select nullif(current_setting('request.jwt.claims', true), '') as claims, current_user as role`)
    expect(after.claims).toBeNull()
    expect(after.role).not.toBe('authenticated')
  })
})
