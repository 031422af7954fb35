import type { Cell } from '../artifacts/schemas'
import { asIdentity, sql, type Identity } from '../db'
import { download } from '../exports/download'
import { csvStream, xlsxStream, type Sheet } from '../exports/table'
import { dictionaries } from '../i18n/dictionaries'
import { translator, type Locale, type Translate } from '../i18n'
import { requireRole } from '../workspaces/access'
import { workspaceAnalytics } from '.'
import { addDays, type DateRange } from './range'
import { channels, type Analytics, type AnalyticsTable } from './schemas'

/** The analytics as tables: one sheet each, for the CSV and XLSX downloads and the reports. */
export function analyticsSheets(analytics: Analytics, t: Translate): Record<Exclude<AnalyticsTable, 'conversations'>, Sheet> {
  const num = (name: string) => ({ name, type: 'number' as const })
  const text = (name: string) => ({ name, type: 'text' as const })
  return {
    days: {
      name: t('analytics.table.days'),
      columns: [{ name: t('analytics.col.day'), type: 'date' }, num(t('analytics.col.conversations')), num(t('analytics.col.questions')), num(t('analytics.col.answers')), num(t('analytics.col.unanswered')), ...channels.map((c) => num(t('analytics.col.messagesFrom', { source: t(`analytics.source.${c}`) })))],
      rows: analytics.perDay.map((d) => [d.day, d.conversations, d.questions, d.answers, d.unanswered, ...channels.map((c) => d.bySource[c].messages)]),
    },
    questions: {
      name: t('analytics.table.questions'),
      columns: [text(t('analytics.col.question')), num(t('analytics.col.asked')), num(t('analytics.col.unanswered')), text(t('analytics.col.examples'))],
      rows: analytics.topQuestions.map((q) => [q.label, q.asked, q.unanswered, q.examples.join(' | ')]),
    },
    unanswered: {
      name: t('analytics.table.unanswered'),
      columns: [text(t('analytics.col.question')), num(t('analytics.col.unanswered')), num(t('analytics.col.asked')), text(t('analytics.col.examples')), text(t('analytics.col.closest'))],
      rows: analytics.unansweredQuestions.map((q) => [q.label, q.unanswered, q.asked, q.examples.join(' | '), q.passages.map((p) => `${p.documentName}: ${p.text.replace(/\s+/g, ' ').slice(0, 200)}`).join(' | ')]),
    },
    feedback: {
      name: t('analytics.table.feedback'),
      columns: [text(t('analytics.col.date')), num(t('analytics.col.rating')), text(t('analytics.col.comment')), text(t('analytics.col.question'))],
      rows: analytics.feedback.comments.map((c) => [c.at, c.rating, c.comment, c.question]),
    },
    latency: {
      name: t('analytics.table.latency'),
      columns: [text(t('analytics.col.measure')), num('p50 (ms)'), num('p95 (ms)'), num(t('analytics.col.answers'))],
      rows: [
        [t('analytics.ttft'), analytics.latency.ttft.p50, analytics.latency.ttft.p95, analytics.latency.ttft.answers],
        [t('analytics.totalTime'), analytics.latency.total.p50, analytics.latency.total.p95, analytics.latency.total.answers],
      ],
    },
    models: {
      name: t('analytics.table.models'),
      columns: [text(t('analytics.col.model')), num(t('analytics.col.answers')), num(t('analytics.col.inputTokens')), num(t('analytics.col.outputTokens'))],
      rows: analytics.models.map((m) => [m.model, m.answers, m.inputTokens, m.outputTokens]),
    },
    documents: {
      name: t('analytics.table.documents'),
      columns: [text(t('analytics.col.document')), num(t('analytics.col.citingAnswers'))],
      rows: analytics.documents.map((d) => [d.name ?? t('analytics.deletedDocument'), d.answers]),
    },
  }
}

const LOG_PAGE = 2000

interface LogRow {
  at: string
  id: string
  conversation_id: string
  channel: string
  title: string
  role: string
  content: string
  model: string | null
  status: string
  unanswered: boolean
  feedback: number | null
  feedback_comment: string | null
  ttft_ms: number | null
  total_ms: number | null
}

/** Every message of the range, oldest first, read a page at a time (keyset on the workspace index). */
function conversationLog(identity: Identity, workspaceId: string, range: DateRange, t: Translate): Sheet {
  const from = `${range.from}T00:00:00Z`
  const until = `${addDays(range.to, 1)}T00:00:00Z`
  async function* rows(): AsyncIterable<Cell[]> {
    let after: { at: string; id: string } | null = null
    for (;;) {
      const cursor: { at: string; id: string } | null = after
      const page: LogRow[] = await asIdentity(identity, (tx) =>
        tx.query<LogRow>(sql`
          select m.created_at as at, m.id, m.conversation_id, coalesce(m.channel, c.channel) as channel, c.title, m.role, m.content, m.model, m.status,
                 m.unanswered, m.feedback, m.feedback_comment, m.ttft_ms, m.total_ms
            from messages m join conversations c on c.workspace_id = m.workspace_id and c.id = m.conversation_id
           where m.workspace_id = ${workspaceId} and m.created_at >= ${from} and m.created_at < ${until}
             ${cursor ? sql`and (m.created_at, m.id) > (${cursor.at}, ${cursor.id}::uuid)` : sql``}
           order by m.created_at, m.id limit ${LOG_PAGE}`),
      )
      for (const m of page) {
        yield [new Date(m.at).toISOString(), m.conversation_id, t(`analytics.source.${m.channel as 'api'}`), m.title, m.role === 'user' ? t('export.you') : t('export.assistant'), m.content, m.model, m.status, m.role === 'assistant' ? (m.unanswered ? 1 : 0) : null, m.feedback, m.feedback_comment, m.ttft_ms, m.total_ms]
      }
      if (page.length < LOG_PAGE) return
      const last: LogRow = page[page.length - 1]
      after = { at: new Date(last.at).toISOString(), id: last.id }
    }
  }
  const text = (name: string) => ({ name, type: 'text' as const })
  const num = (name: string) => ({ name, type: 'number' as const })
  return {
    name: t('analytics.table.conversations'),
    columns: [text(t('analytics.col.time')), text(t('analytics.col.conversation')), text(t('analytics.col.source')), text(t('analytics.col.title')), text(t('analytics.col.role')), text(t('analytics.col.text')), text(t('analytics.col.model')), text(t('analytics.col.status')), num(t('analytics.col.unanswered')), num(t('analytics.col.rating')), text(t('analytics.col.comment')), num('TTFT (ms)'), num(t('analytics.col.totalMs'))],
    rows: rows(),
  }
}

/** One table of the analytics, or the conversation logs, as a CSV or XLSX download. */
export async function exportAnalytics(identity: Identity, workspaceId: string, range: DateRange, table: AnalyticsTable, format: 'csv' | 'xlsx', locale: Locale): Promise<Response> {
  const t = translator(dictionaries[locale])
  let sheet: Sheet
  if (table === 'conversations') {
    await asIdentity(identity, (tx) => requireRole(tx, identity, workspaceId, 'admin'))
    sheet = conversationLog(identity, workspaceId, range, t)
  } else {
    sheet = analyticsSheets(await workspaceAnalytics(identity, workspaceId, range), t)[table]
  }
  const title = `${sheet.name} ${range.from} ${range.to}`
  return download(format === 'csv' ? csvStream(sheet) : xlsxStream([sheet]), title, format)
}
