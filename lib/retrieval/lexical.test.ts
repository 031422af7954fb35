import { beforeAll, describe, expect, it } from 'vitest'
import * as documentsRoute from '@/app/api/workspaces/[ws]/documents/route'
import * as searchRoute from '@/app/api/workspaces/[ws]/search/route'
import { asService, sql } from '@/lib/db'
import { kickQueue } from '@/lib/documents/pipeline'
import { lexicalSearch } from '@/lib/retrieval/lexical'
import { createWorkspace, quickPerson, type Person, type Workspace } from '@/tests/support/actors'
import { call } from '@/tests/support/http'

let owner: Person
let ws: Workspace

// The same "Notes" passage in two documents; only the first one is about the question as a whole.
const notes = '## Notes\n\nThe eruption buried Pompeii under ash.\n'
const trade = `# Roman trade\n\n## Ports\n\nOstia received grain ships from Egypt and wine from Gaul.\n\n${notes}`
const volcano = `# Mount Vesuvius\n\n## History\n\nIts eruption in 79 AD destroyed Pompeii and Herculaneum; another eruption followed in 1631.\n\n${notes}`

async function search(query: string, limit = 10) {
  const response = await call(searchRoute.POST, 'POST', `/api/workspaces/${ws.id}/search`, { cookie: owner.cookie, params: { ws: ws.id }, body: { query, limit, mode: 'lexical' } })
  expect(response.status, response.text).toBe(200)
  return response.json.results as { documentName: string; text: string; headingPath: string[]; score: number }[]
}

beforeAll(async () => {
  owner = await quickPerson('lexical-owner')
  ws = await createWorkspace(owner)
  const form = new FormData()
  // Uploaded first, so its passages are older: a tie would put them first.
  form.append('file', new File([trade], 'trade.md'))
  form.append('file', new File([volcano], 'vesuvius.md'))
  const response = await call(documentsRoute.POST, 'POST', `/api/workspaces/${ws.id}/documents`, { cookie: owner.cookie, params: { ws: ws.id }, form })
  expect(response.status, response.text).toBe(202)
  await kickQueue()
})

describe('lexical ranking', () => {
  it('prefers, among equal passages, the one whose whole document is about the question', async () => {
    const results = await search('Which eruption buried Pompeii?')
    const same = results.filter((result) => result.headingPath.at(-1) === 'Notes')
    expect(same.map((result) => result.documentName)).toEqual(['vesuvius.md', 'trade.md'])
    expect(same[0].score).toBeGreaterThan(same[1].score)
  })

  it('finds a word through its closest known spelling and ignores question words', async () => {
    const [best] = await search('Where did the shipps come from?')
    expect(best).toMatchObject({ documentName: 'trade.md' })
    expect(best.text).toContain('Ostia')
  })

  it('reads the postings that mark their passage most strongly first', async () => {
    const filler = 'The harbour master counted the cargo, checked the seals, wrote the manifest and sent the crew ashore before night fell. '.repeat(4)
    const cargo = `# Cargo\n\n## Hold\n\n${filler}One amphora was cracked.\n\n## Deck\n\nAmphora, amphora, amphora.\n\n## Quay\n\n${filler}An amphora waited.\n`
    const form = new FormData()
    form.append('file', new File([cargo], 'cargo.md'))
    await call(documentsRoute.POST, 'POST', `/api/workspaces/${ws.id}/documents`, { cookie: owner.cookie, params: { ws: ws.id }, form })
    await kickQueue()
    const passages = (ranked: { chunkId: number }[]) =>
      asService((tx) => tx.query<{ heading: string }>(sql`select heading_path[2] as heading from chunks c join unnest(${ranked.map((r) => r.chunkId)}::bigint[]) with ordinality r(id, n) on r.id = c.id order by r.n`))
    const all = await asService((tx) => lexicalSearch(tx, ws.id, 'amphora', 10, 'en'))
    expect((await passages(all)).map((row) => row.heading).sort()).toEqual(['Deck', 'Hold', 'Quay'])
    expect((await passages(all))[0].heading).toBe('Deck')
    // With room for one posting per term, the one that says "amphora" three times in four words is the one read.
    const one = await asService((tx) => lexicalSearch(tx, ws.id, 'amphora', 10, 'en', 1))
    expect((await passages(one)).map((row) => row.heading)).toEqual(['Deck'])
  })

  it('returns nothing when no word of the question is known', async () => {
    expect(await search('zzzz qqqq')).toEqual([])
  })
})
