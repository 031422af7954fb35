import { beforeAll, describe, expect, it } from 'vitest'
import * as artifactRoute from '@/app/api/artifacts/[id]/route'
import * as exportRoute from '@/app/api/artifacts/[id]/export/route'
import * as versionsRoute from '@/app/api/artifacts/[id]/versions/route'
import * as artifactsRoute from '@/app/api/conversations/[id]/artifacts/route'
import * as conversationExportRoute from '@/app/api/conversations/[id]/export/route'
import * as workspaceExportsRoute from '@/app/api/workspaces/[ws]/exports/route'
import { createWorkspace, quickPerson, type Person, type Workspace } from '@/tests/support/actors'
import { addDocuments, ask } from '@/tests/support/chat'
import { fetchFile, htmlElements, pdfFonts, pdfText, readXlsx } from '@/tests/support/files'
import { call, outcome } from '@/tests/support/http'

let owner: Person
let ws: Workspace
let conversationId: string
let answerId: string
let documents: Record<string, string>

const figures = {
  columns: [
    { name: 'Mois', type: 'date' },
    { name: 'Société', type: 'text' },
    { name: 'Chiffre (€)', type: 'number' },
    { name: 'Marge', type: 'percent' },
    { name: 'Total', type: 'number' },
  ],
  rows: [
    ['2023-01-31', 'Société Générale', 1204.5, 0.125, '=C2*(1+D2)'],
    ['2023-02-28', 'Crème brûlée ≥ 5 €', 980, 0.2, '=C3*(1+D3)'],
    ['2023-03-31', 'Łódź, "Ωmega"', 1500, 0.075, '=C4*(1+D4)'],
    ['2023-04-30', 'Жизнь → ✓', null, null, null],
  ],
}

const createArtifact = (body: unknown, who: Person = owner, conversation = conversationId) =>
  call(artifactsRoute.POST, 'POST', `/api/conversations/${conversation}/artifacts`, { cookie: who.cookie, params: { id: conversation }, body })

const patchArtifact = (id: string, body: unknown, who: Person = owner) => call(artifactRoute.PATCH, 'PATCH', `/api/artifacts/${id}`, { cookie: who.cookie, params: { id }, body })

const download = (id: string, format: string, who: Person = owner) => fetchFile(exportRoute.GET, 'GET', `/api/artifacts/${id}/export`, { cookie: who.cookie, params: { id }, query: { format } })

beforeAll(async () => {
  owner = await quickPerson('owner')
  ws = await createWorkspace(owner)
  documents = await addDocuments(owner, ws.id, {
    'ventes.csv': 'Mois,Ventes,Région\nJanvier,120,Nord\nFévrier,95,Sud\nMars,143,Nord\n',
    'guide.md': '# Guide\n\nLes notes de frais sont remboursées sous trente jours après dépôt du justificatif.\n',
  })
  const asked = await ask(owner, ws.id, 'Quand les notes de frais sont-elles remboursées ?')
  expect(asked.response.status, asked.response.text).toBe(200)
  conversationId = asked.conversationId
  answerId = asked.answerId
})

describe('artifacts: create, version, restore', () => {
  it('creates a table, saves edits as versions, restores an earlier one, and lists them with the conversation', async () => {
    const created = await createArtifact({ kind: 'table', title: 'Chiffres 2023', content: figures, messageId: answerId })
    expect(created.status, created.text).toBe(201)
    expect(created.json).toMatchObject({ kind: 'table', title: 'Chiffres 2023', version: 1, author: 'person', messageId: answerId, conversationId })
    const id = created.json.id

    const edited = structuredClone(figures)
    edited.rows[0][2] = 1300
    const v2 = await patchArtifact(id, { content: edited, baseVersion: 1 })
    expect(v2.status, v2.text).toBe(200)
    expect(v2.json).toMatchObject({ version: 2, content: { rows: [['2023-01-31', 'Société Générale', 1300, 0.125, '=C2*(1+D2)'], expect.anything(), expect.anything(), expect.anything()] } })

    // An edit made on version 1 after version 2 was saved would silently undo it: refused.
    const stale = await patchArtifact(id, { content: figures, baseVersion: 1 })
    expect(outcome(stale)).toBe('409 conflict:artifact')

    const restored = await patchArtifact(id, { restore: 1 })
    expect(restored.json).toMatchObject({ version: 3, content: figures })

    const versions = await call(versionsRoute.GET, 'GET', `/api/artifacts/${id}/versions`, { cookie: owner.cookie, params: { id } })
    expect(versions.json.items.map((v: any) => [v.version, v.author, v.restoredFrom])).toEqual([
      [3, 'person', 1],
      [2, 'person', null],
      [1, 'person', null],
    ])

    const renamed = await patchArtifact(id, { title: 'Chiffres 2023 (révisés)' })
    expect(renamed.json).toMatchObject({ title: 'Chiffres 2023 (révisés)', version: 3 })

    const list = await call(artifactsRoute.GET, 'GET', `/api/conversations/${conversationId}/artifacts`, { cookie: owner.cookie, params: { id: conversationId } })
    expect(list.status).toBe(200)
    expect(list.json.items.map((a: any) => a.id)).toContain(id)
  })

  it('opens an answer as a document and a CSV document’s table as a typed table', async () => {
    const answer = await createArtifact({ from: { messageId: answerId } })
    expect(answer.status, answer.text).toBe(201)
    expect(answer.json.kind).toBe('document')
    // Titled by its first words, without Markdown marks.
    expect(answer.json.title).toMatch(/^[^#*>[\]`]{1,61}$/)
    expect(answer.json.content.markdown).toContain('trente jours')

    const table = await createArtifact({ from: { documentId: documents['ventes.csv'] } })
    expect(table.status, table.text).toBe(201)
    expect(table.json).toMatchObject({
      kind: 'table',
      title: 'ventes.csv',
      content: {
        columns: [
          { name: 'Mois', type: 'text' },
          { name: 'Ventes', type: 'number' },
          { name: 'Région', type: 'text' },
        ],
        rows: [['Janvier', 120, 'Nord'], ['Février', 95, 'Sud'], ['Mars', 143, 'Nord']],
      },
    })
    // The answer has no Markdown table to open as a table.
    expect(outcome(await createArtifact({ from: { messageId: answerId, as: 'table' } }))).toBe('422 unprocessable:artifact')
  })

  it('refuses bad content with a clear error and writes nothing', async () => {
    const before = await call(artifactsRoute.GET, 'GET', `/api/conversations/${conversationId}/artifacts`, { cookie: owner.cookie, params: { id: conversationId }, query: { limit: '100' } })
    const ragged = await createArtifact({ kind: 'table', title: 'x', content: { columns: [{ name: 'a' }, { name: 'b' }], rows: [[1]] } })
    expect(outcome(ragged)).toBe('422 unprocessable:artifact')
    expect(ragged.json.error.message).toContain('row 1 has 1 cells for 2 columns')
    const chart = await createArtifact({ kind: 'chart', title: 'x', content: { chartType: 'bar', data: figures, x: 'Mois', series: ['Nope'] } })
    expect(outcome(chart)).toBe('422 unprocessable:artifact')
    expect(outcome(await createArtifact({ kind: 'poem', title: 'x', content: {} }))).toBe('400 bad_request:api')
    expect(outcome(await createArtifact({ kind: 'code', title: 'x', content: { language: 'js; rm -rf', code: '' } }))).toBe('422 unprocessable:artifact')
    // A million cells: refused with 413 before anything reads it.
    const huge = { columns: Array.from({ length: 10 }, (_, i) => ({ name: `c${i}` })), rows: Array.from({ length: 100_000 }, () => Array(10).fill(1)) }
    const tooBig = await createArtifact({ kind: 'table', title: 'huge', content: huge })
    expect(outcome(tooBig)).toBe('413 payload_too_large:artifact')
    const after = await call(artifactsRoute.GET, 'GET', `/api/conversations/${conversationId}/artifacts`, { cookie: owner.cookie, params: { id: conversationId }, query: { limit: '100' } })
    expect(after.json.items.length).toBe(before.json.items.length)
  })

  it('deletes an artifact with its versions', async () => {
    const created = await createArtifact({ kind: 'code', title: 'script.py', content: { language: 'python', code: 'print("é")' } })
    const id = created.json.id
    expect(outcome(await call(artifactRoute.DELETE, 'DELETE', `/api/artifacts/${id}`, { cookie: owner.cookie, params: { id } }))).toBe('204')
    expect(outcome(await call(artifactRoute.GET, 'GET', `/api/artifacts/${id}`, { cookie: owner.cookie, params: { id } }))).toBe('404 not_found:artifact')
  })
})

describe('artifact exports read back by other programs', () => {
  let tableId: string
  let chartId: string

  beforeAll(async () => {
    tableId = (await createArtifact({ kind: 'table', title: 'Chiffres été 2023', content: figures })).json.id
    const chart = await createArtifact({ kind: 'chart', title: 'Chiffre par mois', content: { chartType: 'bar', data: figures, x: 'Mois', series: ['Chiffre (€)'], yLabel: '€' } })
    expect(chart.status, chart.text).toBe(201)
    chartId = chart.json.id
  })

  it('XLSX: typed cells, formulas kept, styled frozen header, autofilter, widths (openpyxl)', async () => {
    const file = await download(tableId, 'xlsx')
    expect(file.status, file.text).toBe(200)
    expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="Chiffres ete 2023.xlsx"; filename*=UTF-8''Chiffres%20%C3%A9t%C3%A9%202023.xlsx`)
    const [sheet] = readXlsx(file.bytes)
    expect(sheet).toMatchObject({ name: 'Chiffres été 2023', maxRow: 5, maxColumn: 5, freeze: 'A2', autoFilter: 'A1:E1', headerBold: true })
    expect(sheet.rows[0].map((c) => c.value)).toEqual(['Mois', 'Société', 'Chiffre (€)', 'Marge', 'Total'])
    const [date, company, amount, margin, total] = sheet.rows[1]
    expect(date).toMatchObject({ type: 'datetime', value: '2023-01-31T00:00:00', numberFormat: 'yyyy-mm-dd' })
    expect(company).toMatchObject({ type: 'str', value: 'Société Générale' })
    expect(amount).toMatchObject({ type: 'float', value: 1204.5 })
    expect(margin).toMatchObject({ type: 'float', value: 0.125, numberFormat: '0.00%' })
    expect(total).toMatchObject({ type: 'str', value: '=C2*(1+D2)' })
    expect(sheet.rows[3][1].value).toBe('Łódź, "Ωmega"')
    expect(sheet.widths.B).toBeGreaterThan(15)
  })

  it('CSV: UTF-8 with a byte order mark, quoted where needed, formulas kept as text', async () => {
    const file = await download(tableId, 'csv')
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(file.text.slice(1).split('\r\n')).toEqual(['Mois,Société,Chiffre (€),Marge,Total', "2023-01-31,Société Générale,1204.5,0.125,'=C2*(1+D2)", "2023-02-28,Crème brûlée ≥ 5 €,980,0.2,'=C3*(1+D3)", `2023-03-31,"Łódź, ""Ωmega""",1500,0.075,'=C4*(1+D4)`, '2023-04-30,Жизнь → ✓,,,', ''])
  })

  it('PDF: the table with accents and symbols in the shipped font (pdftotext)', async () => {
    const file = await download(tableId, 'pdf')
    expect(file.headers.get('content-type')).toBe('application/pdf')
    const text = pdfText(file.bytes)
    // A percent column reads as percentages; the figures as they are.
    for (const expected of ['Chiffres été 2023', 'Société Générale', 'Crème brûlée ≥ 5 €', 'Łódź, "Ωmega"', '1204.5', '12.5 %', '7.5 %', 'Жизнь → ✓']) expect(text).toContain(expected)
    expect(pdfFonts(file.bytes)).toMatch(/DejaVuSans.*(CID TrueType|CID Type 0C).*yes/)
  })

  it('Markdown and HTML of a table', async () => {
    const md = await download(tableId, 'md')
    expect(md.text).toContain('| Mois | Société | Chiffre (€) | Marge | Total |')
    const html = await download(tableId, 'html')
    const elements = htmlElements(html.text)
    expect(elements.filter((e) => e.name === 'th').length).toBe(5)
    expect(html.text).toContain('<td class="num">12.5 %</td>')
    expect(elements.some((e) => e.name === 'script')).toBe(false)
  })

  it('a chart as SVG, PNG and inside a PDF; a table cannot be a PNG', async () => {
    const svg = await download(chartId, 'svg')
    expect(svg.headers.get('content-type')).toBe('image/svg+xml')
    expect(svg.text).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    expect(htmlElements(svg.text).filter((e) => e.name === 'rect').length).toBeGreaterThanOrEqual(4)
    const png = await download(chartId, 'png')
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(png.bytes.readUInt32BE(16)).toBe(1440)
    const pdf = await download(chartId, 'pdf')
    expect(pdfText(pdf.bytes)).toContain('Chiffre par mois')
    expect(outcome(await call(exportRoute.GET, 'GET', `/api/artifacts/${tableId}/export`, { cookie: owner.cookie, params: { id: tableId }, query: { format: 'png' } }))).toBe('400 bad_request:export')
    expect(outcome(await call(exportRoute.GET, 'GET', `/api/artifacts/${tableId}/export`, { cookie: owner.cookie, params: { id: tableId }, query: { format: 'docx' } }))).toBe('400 bad_request:api')
  })

  it('a document with script and javascript: links exports as inert HTML', async () => {
    const markdown = '# Note\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[clic](javascript:alert(3)) et [site](https://example.com)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n'
    const created = await createArtifact({ kind: 'document', title: 'Note <b>', content: { markdown } })
    const html = await download(created.json.id, 'html')
    const elements = htmlElements(html.text)
    expect(elements.some((e) => e.name === 'script' || e.name === 'img')).toBe(false)
    expect(elements.some((e) => Object.keys(e.attribs ?? {}).some((name) => name.startsWith('on')))).toBe(false)
    expect(elements.filter((e) => e.name === 'a').map((e) => e.attribs.href)).toEqual(['https://example.com'])
    expect(elements.some((e) => e.name === 'table')).toBe(true)
    expect(html.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'")
  })

  it('several artifacts in one workbook, one sheet each', async () => {
    const file = await fetchFile(workspaceExportsRoute.POST, 'POST', `/api/workspaces/${ws.id}/exports`, { cookie: owner.cookie, params: { ws: ws.id }, body: { artifactIds: [tableId, chartId] } })
    expect(file.status, file.text).toBe(200)
    const sheets = readXlsx(file.bytes)
    expect(sheets.map((s) => s.name)).toEqual(['Chiffres été 2023', 'Chiffre par mois'])
    expect(sheets[1].rows[1][2].value).toBe(1204.5)
  })
})

describe('conversation exports', () => {
  const exportAs = (format: string, who: Person = owner, lang?: string) =>
    fetchFile(conversationExportRoute.GET, 'GET', `/api/conversations/${conversationId}/export`, { cookie: who.cookie, params: { id: conversationId }, query: { format, ...(lang ? { lang } : {}) } })

  it('PDF: title, workspace, roles, rendered answer, numbered sources and the tables', async () => {
    const file = await exportAs('pdf', owner, 'fr')
    expect(file.status, file.text).toBe(200)
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="Quand les notes de frais sont-elles remboursees \?.pdf"|^attachment; filename=".*\.pdf"; filename\*=UTF-8''/)
    const text = pdfText(file.bytes)
    expect(text).toContain(`Espace ${ws.name}`)
    expect(text).toContain('Vous')
    expect(text).toContain('Assistant')
    expect(text).toContain('trente jours')
    expect(text).toMatch(/\[1\] guide\.md/)
    expect(text).toContain('Société Générale')
  })

  it('XLSX: messages with time, role, model, latency and citations; one sheet per table', async () => {
    const sheets = readXlsx((await exportAs('xlsx')).bytes)
    const [messages, ...tables] = sheets
    expect(messages.name).toBe('Messages')
    expect(messages.rows[0].map((c) => c.value)).toEqual(['Time (UTC)', 'Role', 'Model', 'Latency (ms)', 'Text', 'Citations'])
    expect(messages.rows[1][0].type).toBe('datetime')
    expect(messages.rows[2].map((c) => c.value).slice(1, 3)).toEqual(['Assistant', 'offline:monitora-extractive'])
    expect(messages.rows[2][3].type).toBe('int')
    expect(String(messages.rows[2][5].value)).toMatch(/^\[1\] guide\.md/)
    expect(tables.map((s) => s.name)).toContain('Chiffres été 2023')
  })

  it('Markdown, text, HTML (sanitised, self-contained) and JSON', async () => {
    const md = await exportAs('md')
    expect(md.text).toMatch(/^# Quand les notes de frais/)
    expect(md.text).toContain('**Sources**')
    const txt = await exportAs('txt')
    expect(txt.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(txt.text).toContain('trente jours')
    // The tables come with the text, tab-separated, percentages as such.
    expect(txt.text).toContain('— Chiffres été 2023 —\nMois\tSociété\tChiffre (€)\tMarge\tTotal\n2023-01-31\tSociété Générale\t1204.5\t12.5 %\t=C2*(1+D2)')
    const html = await exportAs('html')
    const elements = htmlElements(html.text)
    expect(elements.some((e) => e.name === 'script')).toBe(false)
    expect(elements.some((e) => e.name === 'link' || (e.name === 'img' && !e.attribs.src?.startsWith('data:')))).toBe(false)
    expect(elements.filter((e) => e.name === 'article').length).toBe(2)
    const json = JSON.parse((await exportAs('json')).text)
    expect(json).toMatchObject({ format: 'monitora.conversation/1', id: conversationId, workspaceName: ws.name })
    expect(json.messages[1].citations[0].documentName).toBe('guide.md')
    expect(json.artifacts.length).toBeGreaterThan(2)
  })

  it('an unknown format is 400; another person’s conversation is 404', async () => {
    expect(outcome(await call(conversationExportRoute.GET, 'GET', `/api/conversations/${conversationId}/export`, { cookie: owner.cookie, params: { id: conversationId }, query: { format: 'docx' } }))).toBe('400 bad_request:api')
    const stranger = await quickPerson('stranger')
    await createWorkspace(stranger)
    expect(outcome(await call(conversationExportRoute.GET, 'GET', `/api/conversations/${conversationId}/export`, { cookie: stranger.cookie, params: { id: conversationId }, query: { format: 'pdf' } }))).toBe('404 not_found:conversation')
  })
})
