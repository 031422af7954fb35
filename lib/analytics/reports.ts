import { PassThrough } from 'node:stream'
import { ApiError } from '../api/errors'
import { asIdentity, asService, sql, type Identity } from '../db'
import { download } from '../exports/download'
import { PdfWriter } from '../exports/pdf'
import { writeXlsx } from '../exports/table'
import { dictionaries } from '../i18n/dictionaries'
import { translator, type Locale } from '../i18n'
import { enqueueDeliveries } from '../webhooks'
import { reportEvent } from '../webhooks/slack'
import { requireRole } from '../workspaces/access'
import { readersLocale } from '../workspaces/locale'
import { readAnalytics } from '.'
import { bySourceChart, perDayChart } from './charts'
import { analyticsSheets } from './exports'
import { addDays, dayOf, type DateRange } from './range'
import type { Analytics, Report } from './schemas'

/**
 * Weekly reports: each Monday (UTC) the week before, Monday to Sunday, as a PDF and a workbook
 * kept in the database. runDueReports is what a scheduler calls; it makes only what is missing,
 * so calling it often, twice, or from two servers at once makes each report once.
 */

/** The last whole week before `now`: Monday to Sunday, UTC. */
export function lastWeek(now: Date): DateRange {
  const today = dayOf(now)
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7
  const from = addDays(today, -weekday - 7)
  return { from, to: addDays(from, 6), days: 7 }
}

const reportOf = (row: { id: string; workspace_id: string; period_start: string; period_end: string; created_at: string }): Report => ({
  id: row.id,
  workspaceId: row.workspace_id,
  period: 'weekly',
  from: String(row.period_start).slice(0, 10),
  to: String(row.period_end).slice(0, 10),
  createdAt: new Date(row.created_at).toISOString(),
  pdfPath: `/api/workspaces/${row.workspace_id}/reports/${row.id}?format=pdf`,
  xlsxPath: `/api/workspaces/${row.workspace_id}/reports/${row.id}?format=xlsx`,
})

/** Reports rendered per scheduled cycle: a cycle stays short, and the week's reports are all made within hours. */
const REPORTS_PER_CYCLE = 20

/** A report made: what a webhook delivery needs (workspace, period, where to download it). */
export type MadeReport = Report & { workspaceName: string }

/**
 * Makes the reports that are due at `now`, at most `limit` (the rest on the next cycles), each
 * saved with its webhook deliveries in one transaction, and returns them, each in its readers'
 * language.
 */
export async function runDueReports(now = new Date(), limit = REPORTS_PER_CYCLE): Promise<MadeReport[]> {
  const range = lastWeek(now)
  const due = await asService((tx) =>
    tx.query<{ id: string; name: string; locale: Locale }>(sql`
      select w.id, w.name, ${readersLocale(sql`w.id`)} as locale
        from workspaces w
       where w.created_at < ${addDays(range.to, 1)}::date
         and not exists (select 1 from analytics_reports r where r.workspace_id = w.id and r.period = 'weekly' and r.period_start = ${range.from}::date)
       order by w.created_at limit ${limit}`),
  )
  const made: MadeReport[] = []
  for (const workspace of due) {
    const analytics = await asService((tx) => readAnalytics(tx, workspace.id, range))
    const { pdf, xlsx } = await renderReport(workspace.name, analytics, workspace.locale)
    const report = await asService(async (tx) => {
      const [row] = await tx.query<{ id: string; workspace_id: string; period_start: string; period_end: string; created_at: string }>(sql`
        insert into analytics_reports (workspace_id, period, period_start, period_end, pdf, xlsx)
        values (${workspace.id}, 'weekly', ${range.from}, ${range.to}, ${pdf}, ${xlsx})
        on conflict (workspace_id, period, period_start) do nothing
        returning id, workspace_id, period_start::text, period_end::text, created_at`)
      if (!row) return null
      const made = { ...reportOf(row), workspaceName: workspace.name }
      await enqueueDeliveries(tx, [{ workspaceId: workspace.id, ...reportEvent(made, workspace.locale) }], now)
      return made
    })
    if (report) made.push(report)
  }
  return made
}

/** The PDF (figures, charts, tables) and the workbook (one sheet per table) of a period's analytics. */
export async function renderReport(workspaceName: string, analytics: Analytics, locale: Locale): Promise<{ pdf: Buffer; xlsx: Buffer }> {
  const t = translator(dictionaries[locale])
  const sheets = analyticsSheets(analytics, t)
  const { totals, feedback, latency } = analytics
  const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)} %`)
  const ms = (value: number | null) => (value === null ? '—' : `${value} ms`)
  const sheetTitles = {
    questions: t('analytics.topQuestions'),
    unanswered: t('analytics.unansweredQuestions'),
    feedback: t('analytics.feedback'),
    latency: t('analytics.table.latency'),
    models: t('analytics.models'),
    documents: t('analytics.documents'),
  }
  const summary = [
    `${t('analytics.kpi.conversations')}: ${totals.conversations}`,
    `${t('analytics.kpi.messages')}: ${totals.questions + totals.answers}`,
    `${t('analytics.kpi.unansweredRate')}: ${percent(totals.unansweredRate)}`,
    `${t('analytics.kpi.satisfaction')}: ${percent(feedback.ratio)} (${t('analytics.feedbackSummary', { up: feedback.up, down: feedback.down })})`,
    `${t('analytics.kpi.ttft')}: ${ms(latency.ttft.p50)} / ${ms(latency.ttft.p95)}`,
    `${t('analytics.kpi.total')}: ${ms(latency.total.p50)} / ${ms(latency.total.p95)}`,
  ]
  const pdf = new PdfWriter({ title: t('report.title', { workspace: workspaceName }), subtitle: t('report.period', { from: analytics.range.from, to: analytics.range.to }), language: locale, t })
  for (const line of summary) pdf.text([{ text: line }])
  pdf.heading(t('analytics.perDay'), 2)
  pdf.chart(perDayChart(analytics, t))
  pdf.heading(t('analytics.bySource'), 2)
  pdf.chart(bySourceChart(analytics, t))
  for (const [name, heading] of Object.entries(sheetTitles) as [keyof typeof sheetTitles, string][]) {
    pdf.heading(heading, 2)
    pdf.dataTable({ columns: sheets[name].columns, rows: sheets[name].rows as never })
  }
  const chunks: Buffer[] = []
  const sink = new PassThrough()
  sink.on('data', (chunk: Buffer) => chunks.push(chunk))
  await writeXlsx(Object.values(sheets), sink)
  return { pdf: await pdf.finish(), xlsx: Buffer.concat(chunks) }
}

export async function listReports(identity: Identity, workspaceId: string): Promise<Report[]> {
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'admin')
    const rows = await tx.query<{ id: string; workspace_id: string; period_start: string; period_end: string; created_at: string }>(sql`
      select id, workspace_id, period_start::text, period_end::text, created_at from analytics_reports
       where workspace_id = ${workspaceId} order by period_start desc limit 52`)
    return rows.map(reportOf)
  })
}

export async function downloadReport(identity: Identity, workspaceId: string, reportId: string, format: 'pdf' | 'xlsx'): Promise<Response> {
  const row = await asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'admin')
    const [found] = await tx.query<{ name: string; period_start: string; file: Uint8Array }>(sql`
      select w.name, r.period_start::text, ${format === 'pdf' ? sql`r.pdf` : sql`r.xlsx`} as file
        from analytics_reports r join workspaces w on w.id = r.workspace_id
       where r.workspace_id = ${workspaceId} and r.id = ${reportId}`)
    return found
  })
  if (!row) throw new ApiError('not_found:report', 'This report was not found in this workspace.')
  return download(new Uint8Array(row.file), `${row.name} ${row.period_start}`, format)
}
