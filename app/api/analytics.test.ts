import { beforeAll, describe, expect, it } from 'vitest'
import * as feedbackRoute from '@/app/api/messages/[id]/feedback/route'
import * as exportRoute from '@/app/api/workspaces/[ws]/analytics/export/route'
import * as analyticsRoute from '@/app/api/workspaces/[ws]/analytics/route'
import * as reportRoute from '@/app/api/workspaces/[ws]/reports/[report]/route'
import * as reportsRoute from '@/app/api/workspaces/[ws]/reports/route'
import { runDueReports } from '@/lib/analytics/reports'
import { dayOf } from '@/lib/analytics/range'
import { asService, sql } from '@/lib/db'
import { fingerprint, revokeKey, twoWorkspaces } from '@/tests/support/actors'
import { addDocuments, ask, chatRows } from '@/tests/support/chat'
import { fetchFile, pdfText, readXlsx } from '@/tests/support/files'
import { call, errorOf, outcome } from '@/tests/support/http'

let cast: Awaited<ReturnType<typeof twoWorkspaces>>
const today = dayOf(new Date())

const handbook = `# Account help

## Passwords

To reset your password, open Settings, choose Security and click "Reset password". A link valid for one hour is sent by e-mail.

## Invoices

Invoices are sent on the first day of each month to the billing address.
`

const analytics = (auth: { cookie?: string; bearer?: string }, ws: string, query: Record<string, string> = {}) =>
  call(analyticsRoute.GET, 'GET', `/api/workspaces/${ws}/analytics`, { ...auth, params: { ws }, query })

beforeAll(async () => {
  cast = await twoWorkspaces()
  const { ownerA, A, secretA, ownerB, B } = cast
  await addDocuments(ownerA, A.id, { 'account.md': handbook })
  const first = await ask(ownerA, A.id, 'How do I reset my password?')
  expect(first.response.status, first.response.text).toBe(200)
  await ask(ownerA, A.id, 'How can I reset the password?')
  await ask(null, A.id, 'Do you ship parcels to Antarctica?', { bearer: secretA.token })
  await ask(null, A.id, 'shipping parcels to Antarctica', { bearer: secretA.token })
  const rated = await call(feedbackRoute.POST, 'POST', `/api/messages/${first.answerId}/feedback`, { cookie: ownerA.cookie, params: { id: first.answerId }, body: { rating: 'down', comment: 'The menu is called Privacy now' } })
  expect(rated.status, rated.text).toBe(200)
  // Workspace B's own traffic, which A must never see.
  await ask(ownerB, B.id, 'Bravo secret question about the merger?')
})

describe('GET /api/workspaces/{ws}/analytics', () => {
  it('tells what is asked, what is missing and how fast answers are', async () => {
    const { ownerA, A } = cast
    const response = await analytics({ cookie: ownerA.cookie }, A.id)
    expect(response.status, response.text).toBe(200)
    const body = response.json
    expect(body.range).toEqual({ from: expect.any(String), to: today, days: 30 })
    expect(body.totals).toMatchObject({ conversations: 4, questions: 4, answers: 4, unanswered: 2, unansweredRate: 0.5 })
    expect(body.perDay.at(-1)).toMatchObject({ day: today, conversations: 4, messages: 8, bySource: { dashboard: { conversations: 2, messages: 4 }, api: { conversations: 2, messages: 4 }, widget: { messages: 0 } } })
    expect(body.bySource).toEqual([
      { channel: 'dashboard', conversations: 2, messages: 4 },
      { channel: 'widget', conversations: 0, messages: 0 },
      { channel: 'api', conversations: 2, messages: 4 },
    ])
    // Similar wordings counted together, with their examples.
    expect(body.topQuestions).toHaveLength(2)
    expect(body.topQuestions.map((q: any) => [q.asked, q.examples.length])).toEqual([
      [2, 2],
      [2, 2],
    ])
    const reset = body.topQuestions.find((q: any) => q.label === 'How do I reset my password?')
    expect(reset).toMatchObject({ asked: 2, unanswered: 0, examples: ['How do I reset my password?', 'How can I reset the password?'] })
    expect(body.unansweredQuestions).toEqual([expect.objectContaining({ label: 'Do you ship parcels to Antarctica?', asked: 2, unanswered: 2, passages: expect.any(Array) })])
    expect(body.feedback).toMatchObject({ up: 0, down: 1, ratio: 0, comments: [expect.objectContaining({ rating: -1, comment: 'The menu is called Privacy now', question: 'How do I reset my password?' })] })
    expect(body.latency.ttft.answers).toBe(4)
    expect(body.latency.ttft.p50).toEqual(expect.any(Number))
    expect(body.latency.total.p95).toBeGreaterThanOrEqual(body.latency.total.p50)
    expect(body.models).toEqual([expect.objectContaining({ model: 'offline:monitora-extractive', answers: 4 })])
    expect(body.documents).toEqual([{ documentId: expect.any(String), name: 'account.md', answers: 2 }])
    expect(JSON.stringify(body)).not.toMatch(/Bravo|merger/)
  })

  it('answers the same to every caller allowed, and refuses the others without writing anything', async () => {
    const { ownerA, adminA, memberA, viewerA, ownerB, A, B, secretA, publicA, secretB } = cast
    const before = { rows: await chatRows(), a: await fingerprint(A.id), b: await fingerprint(B.id) }
    const reference = (await analytics({ cookie: ownerA.cookie }, A.id)).json
    const cases: [string, { cookie?: string; bearer?: string }, string, string][] = [
      ['owner', { cookie: ownerA.cookie }, A.id, '200'],
      ['admin', { cookie: adminA.cookie }, A.id, '200'],
      ['secret key', { bearer: secretA.token }, A.id, '200'],
      ['member', { cookie: memberA.cookie }, A.id, '403 forbidden:workspace'],
      ['viewer', { cookie: viewerA.cookie }, A.id, '403 forbidden:workspace'],
      ['public key', { bearer: publicA.token }, A.id, '403 forbidden:key'],
      ['anonymous', {}, A.id, '401 unauthorized:auth'],
      ['owner of B', { cookie: ownerB.cookie }, A.id, '404 not_found:workspace'],
      ['secret key of B', { bearer: secretB.token }, A.id, '404 not_found:workspace'],
      ['owner of A on B', { cookie: ownerA.cookie }, B.id, '404 not_found:workspace'],
      ['secret key of A on B', { bearer: secretA.token }, B.id, '404 not_found:workspace'],
      ['unknown workspace', { cookie: ownerA.cookie }, '00000000-0000-4000-8000-000000000000', '404 not_found:workspace'],
    ]
    for (const [who, auth, ws, expected] of cases) {
      const response = await analytics(auth, ws)
      expect(outcome(response), who).toBe(expected)
      if (expected === '200') expect(response.json, who).toEqual(reference)
    }
    for (const [who, auth, ws, expected] of cases.filter(([, , , e]) => e !== '200')) {
      const file = await fetchFile(exportRoute.GET, 'GET', `/api/workspaces/${ws}/analytics/export`, { ...auth, params: { ws }, query: { table: 'conversations', format: 'csv' } })
      expect(`${file.status} ${file.status >= 400 ? JSON.parse(file.text).error.code : ''}`.trim(), `export as ${who}`).toBe(expected)
      const list = await call(reportsRoute.GET, 'GET', `/api/workspaces/${ws}/reports`, { ...auth, params: { ws } })
      expect(outcome(list), `reports as ${who}`).toBe(expected)
    }
    expect({ rows: await chatRows(), a: await fingerprint(A.id), b: await fingerprint(B.id) }).toEqual(before)
  })

  it('refuses a revoked key', async () => {
    const { ownerA, A } = cast
    const { createKey } = await import('@/tests/support/actors')
    const key = await createKey(ownerA, A.id)
    await revokeKey(ownerA, A.id, key.id)
    expect(outcome(await analytics({ bearer: key.token }, A.id))).toBe('401 unauthorized:key')
  })

  it('refuses bad ranges with a message a person understands', async () => {
    const { ownerA, A } = cast
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ from: '2026-03-10', to: '2026-03-01' }, '400 bad_request:analytics', /reversed/],
      [{ from: '2016-01-01', to: '2025-12-31' }, '400 bad_request:analytics', /3653 days.*at most 366/],
      [{ from: '2026-02-30' }, '400 bad_request:api', /not a real date/],
      [{ from: 'last week' }, '400 bad_request:api', /YYYY-MM-DD/],
      [{ to: '2026-13-01' }, '400 bad_request:api', /date/],
      [{ from: '2026-01-01', days: '7' }, '400 bad_request:api', /days/],
    ]
    for (const [query, expected, message] of cases) {
      const response = await analytics({ cookie: ownerA.cookie }, A.id, query)
      expect(outcome(response), JSON.stringify(query)).toBe(expected)
      expect(errorOf(response).message).toMatch(message)
    }
    const year = await analytics({ cookie: ownerA.cookie }, A.id, { from: '2025-01-01', to: '2025-12-31' })
    expect(year.status).toBe(200)
    expect(year.json.perDay).toHaveLength(365)
    expect(year.json.totals.questions).toBe(0)
    const one = await analytics({ cookie: ownerA.cookie }, A.id, { from: today })
    expect(one.json.range).toMatchObject({ from: today, days: 30 })
    expect(one.json.totals.questions).toBe(4)
  })
})

describe('exports', () => {
  it('downloads the conversation logs as CSV and XLSX, read back', async () => {
    const { ownerA, A } = cast
    const csv = await fetchFile(exportRoute.GET, 'GET', `/api/workspaces/${A.id}/analytics/export`, { cookie: ownerA.cookie, params: { ws: A.id }, query: { table: 'conversations', format: 'csv' } })
    expect(csv.status, csv.text).toBe(200)
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="Conversation logs \d{4}-\d{2}-\d{2} \d{4}-\d{2}-\d{2}\.csv"/)
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n')
    expect(lines[0]).toBe('Time (UTC),Conversation,Source,Title,Author,Text,Model,Status,Unanswered,Rating,Comment,TTFT (ms),Total (ms)')
    expect(lines).toHaveLength(9)
    expect(csv.text).toContain('How do I reset my password?')
    expect(csv.text).toContain('The menu is called Privacy now')
    expect(csv.text).not.toContain('Bravo')

    const xlsx = await fetchFile(exportRoute.GET, 'GET', `/api/workspaces/${A.id}/analytics/export`, { cookie: ownerA.cookie, params: { ws: A.id }, query: { table: 'conversations', format: 'xlsx', lang: 'fr' } })
    expect(xlsx.status).toBe(200)
    const [sheet] = readXlsx(xlsx.bytes)
    expect(sheet.name).toBe('Journal des conversations')
    expect(sheet.rows[0].map((c) => c.value).slice(0, 6)).toEqual(['Heure (UTC)', 'Conversation', 'Source', 'Titre', 'Auteur', 'Texte'])
    expect(sheet.maxRow).toBe(9)
    expect(sheet.rows.slice(1).map((row) => row[2].value)).toEqual(expect.arrayContaining(['Tableau de bord', 'API']))
  })

  it('downloads each table as CSV and XLSX', async () => {
    const { ownerA, A } = cast
    for (const table of ['days', 'questions', 'unanswered', 'feedback', 'latency', 'models', 'documents']) {
      const xlsx = await fetchFile(exportRoute.GET, 'GET', `/api/workspaces/${A.id}/analytics/export`, { cookie: ownerA.cookie, params: { ws: A.id }, query: { table, format: 'xlsx' } })
      expect(xlsx.status, table).toBe(200)
      const [sheet] = readXlsx(xlsx.bytes)
      expect(sheet.freeze).toBe('A2')
      if (table === 'questions') {
        expect(sheet.rows.slice(1).map((row) => [row[0].value, row[1].value, row[1].type])).toEqual(
          expect.arrayContaining([['How do I reset my password?', 2, 'int']]),
        )
      }
      if (table === 'days') expect(sheet.maxRow).toBe(31)
      const csv = await fetchFile(exportRoute.GET, 'GET', `/api/workspaces/${A.id}/analytics/export`, { bearer: cast.secretA.token, params: { ws: A.id }, query: { table, format: 'csv' } })
      expect(csv.status, table).toBe(200)
    }
    const unanswered = await fetchFile(exportRoute.GET, 'GET', `/api/workspaces/${A.id}/analytics/export`, { cookie: ownerA.cookie, params: { ws: A.id }, query: { table: 'unanswered', format: 'csv' } })
    expect(unanswered.text).toContain('Do you ship parcels to Antarctica?,2,2,')
    const bad = await fetchFile(exportRoute.GET, 'GET', `/api/workspaces/${A.id}/analytics/export`, { cookie: ownerA.cookie, params: { ws: A.id }, query: { table: 'everything', format: 'csv' } })
    expect(bad.status).toBe(400)
  })
})

describe('weekly reports', () => {
  it('makes each due report once, as a PDF and a workbook only the workspace admins download', async () => {
    const { ownerA, ownerB, A, B, secretA, memberA } = cast
    // The messages of today moved into last week, as a week of traffic would be.
    const nextWeek = new Date(Date.now() + 7 * 86_400_000)
    await asService((tx) => tx.query(sql`insert into webhooks (workspace_id, url, secret) values (${A.id}, 'https://hooks.example.com/a', 'whsec')`))
    // B's owner reads French: B's report is in French.
    await asService((tx) => tx.query(sql`update users set locale = 'fr' where id = ${ownerB.id}`))
    const made = await runDueReports(nextWeek)
    const ofA = made.find((report) => report.workspaceId === A.id)!
    expect(ofA).toMatchObject({ workspaceName: 'Alpha confidential', period: 'weekly', pdfPath: `/api/workspaces/${A.id}/reports/${ofA.id}?format=pdf` })
    expect(Date.parse(ofA.to) - Date.parse(ofA.from)).toBe(6 * 86_400_000)
    expect(ofA.from <= today && today <= ofA.to).toBe(true)
    expect(made.some((report) => report.workspaceId === B.id)).toBe(true)
    expect(await runDueReports(nextWeek)).toEqual([])
    // Sent to A's webhook once, with where to download it; B has no webhook.
    const deliveries = await asService((tx) => tx.query<{ workspace_id: string; payload: any }>(sql`select workspace_id, payload from webhook_deliveries where event = 'report.weekly'`))
    expect(deliveries.map((d) => [d.workspace_id, d.payload.data.pdfPath])).toEqual([[A.id, ofA.pdfPath]])
    expect(deliveries[0].payload.text).toBe(`:bar_chart: Weekly report for Alpha confidential, ${ofA.from} to ${ofA.to}: download it from the dashboard.`)

    const list = await call(reportsRoute.GET, 'GET', `/api/workspaces/${A.id}/reports`, { bearer: secretA.token, params: { ws: A.id } })
    expect(list.status).toBe(200)
    expect(list.json.items.map((r: any) => r.id)).toEqual([ofA.id])

    const pdf = await fetchFile(reportRoute.GET, 'GET', ofA.pdfPath.split('?')[0], { cookie: ownerA.cookie, params: { ws: A.id, report: ofA.id }, query: { format: 'pdf' } })
    expect(pdf.status, pdf.text.slice(0, 200)).toBe(200)
    const text = pdfText(pdf.bytes)
    expect(text).toContain('Alpha confidential: weekly report')
    // Table cells wrap their text over lines.
    expect(text).toMatch(/Top questions[\s\S]*How do I reset my\s+password\?\s+2\s+0/)
    expect(text).toMatch(/What to document next[\s\S]*Do you ship parcels to\s+2\s+2/)
    expect(text).toMatch(/Unanswered: 50 %/)
    expect(text).not.toContain('Bravo')
    const xlsx = await fetchFile(reportRoute.GET, 'GET', ofA.xlsxPath.split('?')[0], { cookie: ownerA.cookie, params: { ws: A.id, report: ofA.id }, query: { format: 'xlsx' } })
    expect(readXlsx(xlsx.bytes).map((s) => s.name)).toEqual(['Per day', 'Top questions', 'Unanswered questions', 'Feedback comments', 'Answer times', 'Tokens by model', 'Cited documents'])

    const reportOfB = made.find((report) => report.workspaceId === B.id)!
    const pdfOfB = await fetchFile(reportRoute.GET, 'GET', reportOfB.pdfPath.split('?')[0], { cookie: ownerB.cookie, params: { ws: B.id, report: reportOfB.id }, query: { format: 'pdf' } })
    expect(pdfText(pdfOfB.bytes)).toContain(`${B.name} : rapport hebdomadaire`)
    for (const [auth, ws, report, expected] of [
      [{ cookie: ownerB.cookie }, A.id, ofA.id, 404],
      [{ cookie: ownerA.cookie }, A.id, reportOfB.id, 404],
      [{ cookie: ownerA.cookie }, B.id, reportOfB.id, 404],
      [{ cookie: memberA.cookie }, A.id, ofA.id, 403],
    ] as const) {
      const file = await fetchFile(reportRoute.GET, 'GET', `/api/workspaces/${ws}/reports/${report}`, { ...auth, params: { ws, report }, query: { format: 'pdf' } })
      expect(file.status).toBe(expected)
    }
    const rows = await asService((tx) => tx.query(sql`select count(*)::int as n from analytics_reports where workspace_id = ${A.id}`))
    expect(rows[0]).toEqual({ n: 1 })
  })
})

describe('what to document next', () => {
  it('shows the closest passages the documents hold for an unanswered question, found once per documents version', async () => {
    const { ownerA, A } = cast
    // An answer that cited none of its sources (as a model may write): unanswered, though the documents come close.
    await asService(async (tx) => {
      const [c] = await tx.query<{ id: string }>(sql`insert into conversations (workspace_id, channel) values (${A.id}, 'api') returning id`)
      const [q] = await tx.query<{ id: string }>(sql`insert into messages (workspace_id, conversation_id, role, content) values (${A.id}, ${c.id}, 'user', 'Can invoices be sent to a second billing address?') returning id`)
      await tx.query(sql`insert into messages (workspace_id, conversation_id, role, reply_to, content, unanswered) values (${A.id}, ${c.id}, 'assistant', ${q.id}, 'I do not know.', true)`)
    })
    const first = (await analytics({ cookie: ownerA.cookie }, A.id)).json
    const invoices = first.unansweredQuestions.find((q: any) => q.label === 'Can invoices be sent to a second billing address?')
    expect(invoices.passages[0]).toMatchObject({ documentName: 'account.md', text: expect.stringContaining('billing address') })
    const [stored] = await asService((tx) => tx.query<{ passages_version: string }>(sql`select passages_version from question_groups where id = ${invoices.id}`))
    expect(stored.passages_version).toMatch(/^1:/)
    expect((await analytics({ cookie: ownerA.cookie }, A.id)).json.unansweredQuestions).toEqual(first.unansweredQuestions)
  })
})
