import { beforeAll, describe, expect, it } from 'vitest'
import * as documentRoute from '@/app/api/workspaces/[ws]/documents/[doc]/route'
import * as reindexRoute from '@/app/api/workspaces/[ws]/documents/[doc]/reindex/route'
import * as textRoute from '@/app/api/workspaces/[ws]/documents/[doc]/text/route'
import * as documentsRoute from '@/app/api/workspaces/[ws]/documents/route'
import * as statsRoute from '@/app/api/workspaces/[ws]/rag/stats/route'
import * as searchRoute from '@/app/api/workspaces/[ws]/search/route'
import { asService, sql } from '@/lib/db'
import { kickQueue, requeueInterrupted } from '@/lib/documents/pipeline'
import { addMember, createKey, createWorkspace, quickPerson, type Person, type Workspace } from '@/tests/support/actors'
import { encryptPdf, makeDocx, makePdf, makeXlsx, makeZipBomb } from '@/tests/support/fixtures'
import { call, errorOf } from '@/tests/support/http'

let owner: Person
let ws: Workspace

const form = (...files: [string, Uint8Array | string][]) => {
  const data = new FormData()
  for (const [name, content] of files) data.append('file', new File([typeof content === 'string' ? content : new Uint8Array(content)], name))
  return data
}

async function upload(person: Person, workspace: string, ...files: [string, Uint8Array | string][]) {
  return call(documentsRoute.POST, 'POST', `/api/workspaces/${workspace}/documents`, { cookie: person.cookie, params: { ws: workspace }, form: form(...files) })
}

async function search(person: Person, workspace: string, query: string, limit = 5) {
  const response = await call(searchRoute.POST, 'POST', `/api/workspaces/${workspace}/search`, { cookie: person.cookie, params: { ws: workspace }, body: { query, limit } })
  expect(response.status, response.text).toBe(200)
  return response.json.results as { documentName: string; text: string; page: number | null; headingPath: string[] }[]
}

const doc = (person: Person, workspace: string, id: string) =>
  call(documentRoute.GET, 'GET', `/api/workspaces/${workspace}/documents/${id}`, { cookie: person.cookie, params: { ws: workspace, doc: id } })

const guide = `# Onboarding guide

Welcome to Acme. Your first week starts with a security training.

## Equipment

Laptops are handed out by the IT desk on the second floor every Monday morning.

## Expenses

Travel expenses are reimbursed within thirty days after the receipt is uploaded.
`

const rapport = `# Rapport annuel

La société a réalisé un chiffre d'affaires de douze millions d'euros.

## Événements

Le séminaire d'entreprise a eu lieu à Noël, dans les Alpes.
`

beforeAll(async () => {
  owner = await quickPerson('docs-owner')
  ws = await createWorkspace(owner)
})

describe('documents', () => {
  it('accepts several files at once, processes them in the background and finds their passages', async () => {
    const response = await upload(owner, ws.id, ['guide.md', guide], ['rapport.md', rapport])
    expect(response.status, response.text).toBe(202)
    expect(response.json.items.map((item: { name: string; status: string }) => [item.name, item.status])).toEqual([
      ['guide.md', 'queued'],
      ['rapport.md', 'queued'],
    ])
    await kickQueue()
    for (const item of response.json.items) {
      const read = await doc(owner, ws.id, item.id)
      expect(read.json).toMatchObject({ status: 'ready', progress: 1, type: 'markdown', error: null, uploadedBy: { email: owner.email } })
      expect(read.json.chunkCount).toBeGreaterThan(0)
    }
    const [english] = await search(owner, ws.id, 'When are laptops handed out?')
    expect(english).toMatchObject({ documentName: 'guide.md', headingPath: ['Onboarding guide', 'Equipment'] })
    expect(english.text).toContain('IT desk')
    // French, accent- and stem-insensitive: "evenement" finds "Événements", "seminaires" finds "séminaire".
    const [french] = await search(owner, ws.id, 'Où ont eu lieu les seminaires ?')
    expect(french.documentName).toBe('rapport.md')
    expect(french.text).toContain('Alpes')
    // A typo still finds the word.
    expect((await search(owner, ws.id, 'reimbursment of travel'))[0].text).toContain('reimbursed')
  })

  it('keeps an excluded document out of search until it is brought back', async () => {
    const { json } = await upload(owner, ws.id, ['secret.md', '# Codes\n\nThe vault combination is kept by the night porter.'])
    await kickQueue()
    const id = json.items[0].id
    expect((await search(owner, ws.id, 'vault combination')).map((r) => r.documentName)).toContain('secret.md')
    const patched = await call(documentRoute.PATCH, 'PATCH', `/api/workspaces/${ws.id}/documents/${id}`, { cookie: owner.cookie, params: { ws: ws.id, doc: id }, body: { excluded: true } })
    expect(patched.json.excluded).toBe(true)
    expect((await search(owner, ws.id, 'vault combination')).map((r) => r.documentName)).not.toContain('secret.md')
    await call(documentRoute.PATCH, 'PATCH', `/api/workspaces/${ws.id}/documents/${id}`, { cookie: owner.cookie, params: { ws: ws.id, doc: id }, body: { excluded: false } })
    expect((await search(owner, ws.id, 'vault combination')).map((r) => r.documentName)).toContain('secret.md')
  })

  it('reads PDF, Word and Excel, and shows the text with its chunk boundaries', async () => {
    const pdf = makePdf([[['Tarifs', 20], ['Le forfait Premium coûte 49 euros par mois.', 11]], [['Support', 20], ['Le support répond en moins de deux heures.', 11]]])
    const docx = makeDocx([{ heading: 'Holidays', level: 1 }, { paragraph: 'Employees receive twenty-five days of paid leave each year.' }])
    const xlsx = await makeXlsx({ Stock: [['Produit', 'Quantité'], ['Vis M4', 1200], ['Écrou M4', 800]] })
    const { json } = await upload(owner, ws.id, ['tarifs.pdf', pdf], ['holidays.docx', docx], ['stock.xlsx', xlsx])
    await kickQueue()
    const [pdfDoc] = json.items
    expect((await doc(owner, ws.id, pdfDoc.id)).json).toMatchObject({ status: 'ready', type: 'pdf', pages: 2, language: 'fr' })
    expect((await search(owner, ws.id, 'combien coûte le forfait premium'))[0]).toMatchObject({ documentName: 'tarifs.pdf', page: 1 })
    expect((await search(owner, ws.id, 'paid leave days'))[0].documentName).toBe('holidays.docx')
    expect((await search(owner, ws.id, 'quantité écrou'))[0].text).toContain('Écrou M4')

    const text = await call(textRoute.GET, 'GET', `/api/workspaces/${ws.id}/documents/${pdfDoc.id}/text`, { cookie: owner.cookie, params: { ws: ws.id, doc: pdfDoc.id } })
    expect(text.status).toBe(200)
    expect(text.json.text).toContain('49 euros')
    for (const chunk of text.json.chunks) expect(text.json.text.slice(chunk.start, chunk.end).length).toBeGreaterThan(0)
  })

  it('fails bad files with the right reason while the good files of the batch succeed', async () => {
    const locked = encryptPdf(makePdf([[['Private', 12]]]))
    const response = await upload(
      owner,
      ws.id,
      ['locked.pdf', locked],
      ['cut.pdf', makePdf([[['Broken', 12]]]).subarray(0, 150)],
      ['scan.pdf', makePdf([[]])],
      ['empty.txt', ''],
      ['invoice.pdf', new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0])],
      ['bomb.xlsx', makeZipBomb('xlsx')],
      ['fine.md', '# Fine\n\nThis file is perfectly fine and readable.'],
    )
    expect(response.status).toBe(202)
    // Refused at once: nothing to process.
    expect(response.json.items.map((item: { status: string; error: { reason: string } | null }) => item.error?.reason ?? item.status)).toEqual([
      'queued',
      'queued',
      'queued',
      'empty',
      'unsupported_type',
      'queued',
      'queued',
    ])
    await kickQueue()
    const reasons: Record<string, string> = {}
    for (const item of response.json.items) {
      const read = (await doc(owner, ws.id, item.id)).json
      reasons[read.name] = read.error?.reason ?? read.status
    }
    expect(reasons).toEqual({
      'locked.pdf': 'password_protected',
      'cut.pdf': 'damaged',
      'scan.pdf': 'no_text',
      'empty.txt': 'empty',
      'invoice.pdf': 'unsupported_type',
      'bomb.xlsx': 'too_large',
      'fine.md': 'ready',
    })
    // Nothing half-indexed: failed documents have no chunks.
    const [{ chunks }] = await asService((tx) =>
      tx.query<{ chunks: number }>(sql`select count(*)::int as chunks from chunks c join documents d on d.id = c.document_id where d.workspace_id = ${ws.id} and d.status = 'failed'`),
    )
    expect(chunks).toBe(0)
  })

  it('reindexes in place and deletes everything of a document', async () => {
    const { json } = await upload(owner, ws.id, ['notes.md', '# Notes\n\nThe quarterly review happens in the blue meeting room.'])
    await kickQueue()
    const id = json.items[0].id
    const params = { ws: ws.id, doc: id }
    const queued = await call(reindexRoute.POST, 'POST', `/api/workspaces/${ws.id}/documents/${id}/reindex`, { cookie: owner.cookie, params })
    expect(queued.status).toBe(202)
    expect(queued.json.status).toBe('queued')
    // Still searchable while it waits.
    expect((await search(owner, ws.id, 'quarterly review room'))[0].documentName).toBe('notes.md')
    await kickQueue()
    expect((await doc(owner, ws.id, id)).json.status).toBe('ready')
    expect((await search(owner, ws.id, 'quarterly review room')).filter((r) => r.documentName === 'notes.md')).toHaveLength(1)

    const before = (await call(statsRoute.GET, 'GET', `/api/workspaces/${ws.id}/rag/stats`, { cookie: owner.cookie, params: { ws: ws.id } })).json
    const deleted = await call(documentRoute.DELETE, 'DELETE', `/api/workspaces/${ws.id}/documents/${id}`, { cookie: owner.cookie, params })
    expect(deleted.status).toBe(204)
    expect((await doc(owner, ws.id, id)).status).toBe(404)
    expect((await search(owner, ws.id, 'quarterly review room')).map((r) => r.documentName)).not.toContain('notes.md')
    const leftovers = await asService((tx) =>
      tx.query(sql`select 1 from postings where document_id = ${id} union all select 1 from chunks where document_id = ${id}`),
    )
    expect(leftovers).toHaveLength(0)
    const after = (await call(statsRoute.GET, 'GET', `/api/workspaces/${ws.id}/rag/stats`, { cookie: owner.cookie, params: { ws: ws.id } })).json
    expect(after.documents).toBe(before.documents - 1)
    expect(after.chunks).toBeLessThan(before.chunks)
    // The BM25 statistics follow every publish, reindex and delete: they count exactly the searchable chunks.
    const [stats] = await asService((tx) =>
      tx.query<{ recorded: number; actual: number; terms: number; actualTerms: number }>(sql`
        select s.chunk_count::int as recorded, s.term_total::int as terms,
               (select count(*)::int from chunks c join documents d on d.id = c.document_id and c.generation = d.searchable_generation where d.workspace_id = ${ws.id}) as actual,
               (select coalesce(sum(c.term_count), 0)::int from chunks c join documents d on d.id = c.document_id and c.generation = d.searchable_generation where d.workspace_id = ${ws.id}) as "actualTerms"
          from workspace_stats s where s.workspace_id = ${ws.id}`),
    )
    expect(stats.recorded).toBe(stats.actual)
    expect(stats.terms).toBe(stats.actualTerms)
    // So does each document's length, which whole-document scoring reads.
    const lengths = await asService((tx) =>
      tx.query<{ recorded: number; actual: number }>(sql`
        select d.term_count::int as recorded,
               (select coalesce(sum(c.term_count), 0)::int from chunks c where c.document_id = d.id and c.generation = d.searchable_generation) as actual
          from documents d where d.workspace_id = ${ws.id} and d.searchable_generation is not null`),
    )
    expect(lengths.length).toBeGreaterThan(0)
    for (const length of lengths) expect(length.recorded).toBe(length.actual)
    // And the document total and each term's chunk and document counts, which weigh every question's words.
    const [terms] = await asService((tx) =>
      tx.query<{ counted: number; wrong: number; documents: number; actualDocuments: number }>(sql`
        with actual as (
          select p.term, count(*)::int as chunks, count(distinct p.document_id)::int as documents
            from postings p join documents d on d.id = p.document_id and d.searchable_generation = p.generation
           where p.workspace_id = ${ws.id} group by p.term
        ), recorded as (
          select term, chunks, documents from terms where workspace_id = ${ws.id}
        )
        select (select count(*)::int from actual) as counted,
               (select count(*)::int from recorded r full join actual a on a.term = r.term
                 where coalesce(r.chunks, 0) <> coalesce(a.chunks, 0) or coalesce(r.documents, 0) <> coalesce(a.documents, 0)) as wrong,
               (select document_count::int from workspace_stats where workspace_id = ${ws.id}) as documents,
               (select count(*)::int from documents where workspace_id = ${ws.id} and searchable_generation is not null) as "actualDocuments"`),
    )
    expect(terms.counted).toBeGreaterThan(10)
    expect(terms.wrong).toBe(0)
    expect(terms.documents).toBe(terms.actualDocuments)
  })

  it('requeues work interrupted by a restart, dropping its partial chunks and keeping the previous version searchable', async () => {
    const { json } = await upload(owner, ws.id, ['later.md', '# Later\n\nInterrupted work resumes cleanly after a restart.'])
    const id = json.items[0].id
    await kickQueue()
    // A reindex that stopped half-way: status processing, a partial next generation written.
    await asService(async (tx) => {
      await tx.query(sql`update documents set status = 'processing', generation = generation + 1 where id = ${id}`)
      await tx.query(sql`insert into chunks (workspace_id, document_id, generation, ordinal, content, start_offset, end_offset, tsv, term_count)
                         select workspace_id, id, generation, 0, 'partial', 0, 7, to_tsvector('partial'), 1 from documents where id = ${id}`)
    })
    expect(await requeueInterrupted(3600)).toBe(0) // still fresh: another instance may be working on it
    expect(await requeueInterrupted(0)).toBe(1)
    const [{ partial }] = await asService((tx) => tx.query<{ partial: number }>(sql`select count(*)::int as partial from chunks where document_id = ${id} and content = 'partial'`))
    expect(partial).toBe(0)
    expect((await doc(owner, ws.id, id)).json.status).toBe('queued')
    expect((await search(owner, ws.id, 'interrupted work resumes'))[0].documentName).toBe('later.md')
    await kickQueue()
    expect((await doc(owner, ws.id, id)).json.status).toBe('ready')
  })
})

describe('documents: access and bad input', () => {
  it('lets viewers read and search but not upload; another workspace sees nothing', async () => {
    const viewer = await quickPerson('viewer')
    await addMember(owner, ws.id, viewer, 'viewer')
    expect((await search(viewer, ws.id, 'laptops')).length).toBeGreaterThan(0)
    const refused = await upload(viewer, ws.id, ['x.md', '# X\n\ntext'])
    expect(refused.status).toBe(403)

    const stranger = await quickPerson('stranger')
    const theirs = await createWorkspace(stranger)
    const list = await call(documentsRoute.GET, 'GET', `/api/workspaces/${ws.id}/documents`, { cookie: stranger.cookie, params: { ws: ws.id } })
    expect(list.status).toBe(404)
    const probe = await call(searchRoute.POST, 'POST', `/api/workspaces/${ws.id}/search`, { cookie: stranger.cookie, params: { ws: ws.id }, body: { query: 'laptops' } })
    expect(probe.status).toBe(404)
    // Their own search never returns another workspace's passages.
    expect(await search(stranger, theirs.id, 'laptops IT desk')).toEqual([])
    const [anyDoc] = (await call(documentsRoute.GET, 'GET', `/api/workspaces/${ws.id}/documents`, { cookie: owner.cookie, params: { ws: ws.id } })).json.items
    const crossed = await call(documentRoute.GET, 'GET', `/api/workspaces/${theirs.id}/documents/${anyDoc.id}`, { cookie: stranger.cookie, params: { ws: theirs.id, doc: anyDoc.id } })
    expect(crossed.status).toBe(404)
  })

  it('works with a secret key and refuses a public one', async () => {
    const secret = await createKey(owner, ws.id, 'secret')
    const viaKey = await call(searchRoute.POST, 'POST', `/api/workspaces/${ws.id}/search`, { bearer: secret.token, params: { ws: ws.id }, body: { query: 'laptops' } })
    expect(viaKey.status).toBe(200)
    const pub = await createKey(owner, ws.id, 'public')
    const refused = await call(documentsRoute.GET, 'GET', `/api/workspaces/${ws.id}/documents`, { bearer: pub.token, params: { ws: ws.id } })
    expect(refused.status).toBe(403)
  })

  it('refuses bad uploads with a clear 4xx and writes nothing', async () => {
    const count = async () => (await asService((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from documents`)))[0].n
    const before = await count()
    const asJson = await call(documentsRoute.POST, 'POST', `/api/workspaces/${ws.id}/documents`, { cookie: owner.cookie, params: { ws: ws.id }, body: { file: 'x' } })
    expect(errorOf(asJson).code).toBe('unsupported_media_type:api')
    const none = await call(documentsRoute.POST, 'POST', `/api/workspaces/${ws.id}/documents`, { cookie: owner.cookie, params: { ws: ws.id }, form: new FormData() })
    expect(errorOf(none).code).toBe('bad_request:api')
    const huge = await call(documentsRoute.POST, 'POST', `/api/workspaces/${ws.id}/documents`, {
      cookie: owner.cookie,
      params: { ws: ws.id },
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(10 * 1024 ** 3) },
      rawBody: '--x--',
    })
    expect(huge.status).toBe(413)
    const oversized = await upload(owner, ws.id, ['big.txt', new Uint8Array(26 * 1024 * 1024).fill(97)])
    expect(errorOf(oversized).code).toBe('payload_too_large:api')
    const badSearch = await call(searchRoute.POST, 'POST', `/api/workspaces/${ws.id}/search`, { cookie: owner.cookie, params: { ws: ws.id }, body: { query: '' } })
    expect(badSearch.status).toBe(400)
    expect(await count()).toBe(before)
  })
})
