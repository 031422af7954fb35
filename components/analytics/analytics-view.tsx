import Link from 'next/link'
import { Card, CardBody, CardHeader } from '@/components/ui'
import { bySourceChart, perDayChart } from '@/lib/analytics/charts'
import type { Analytics, AnalyticsTable, Report } from '@/lib/analytics/schemas'
import { chartSvg } from '@/lib/charts/svg'
import { formatDate, type Locale, type Translate } from '@/lib/i18n'
import styles from './analytics.module.css'

/** The analytics page: figures at a glance, then charts, questions, feedback, tokens, documents, downloads. */
export function AnalyticsView({ analytics, reports, workspaceId, t, locale }: { analytics: Analytics; reports: Report[]; workspaceId: string; t: Translate; locale: Locale }) {
  const { totals, feedback, latency } = analytics
  const number = (value: number) => new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB').format(value)
  const percent = (value: number | null) => (value === null ? t('analytics.kpi.none') : new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent' }).format(value))
  const ms = (value: number | null) => (value === null ? t('analytics.kpi.none') : value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value} ms`)
  const range = `from=${analytics.range.from}&to=${analytics.range.to}`
  const exportHref = (table: AnalyticsTable, format: 'csv' | 'xlsx') => `/api/workspaces/${workspaceId}/analytics/export?${range}&table=${table}&format=${format}&lang=${locale}`
  const maxAsked = Math.max(1, ...analytics.topQuestions.map((q) => q.asked))
  const chart = (svg: string, label: string) => <div className={styles.chart} role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />
  const downloads: [AnalyticsTable, string][] = [
    ['conversations', t('analytics.table.conversations')],
    ['days', t('analytics.table.days')],
    ['questions', t('analytics.table.questions')],
    ['unanswered', t('analytics.table.unanswered')],
    ['feedback', t('analytics.table.feedback')],
    ['latency', t('analytics.table.latency')],
    ['models', t('analytics.table.models')],
    ['documents', t('analytics.table.documents')],
  ]

  return (
    <div className="stack-lg">
      <dl className={styles.kpis} aria-label={t('analytics.title')}>
        <div className={styles.kpi}>
          <dt>{t('analytics.kpi.conversations')}</dt>
          <dd>{number(totals.conversations)}</dd>
        </div>
        <div className={styles.kpi}>
          <dt>{t('analytics.kpi.messages')}</dt>
          <dd>{number(totals.questions + totals.answers)}</dd>
        </div>
        <div className={styles.kpi}>
          <dt>{t('analytics.kpi.unansweredRate')}</dt>
          <dd data-testid="unanswered-rate">
            {percent(totals.unansweredRate)}
            <span className={styles.kpiNote}>{t('analytics.unansweredTimes', { count: totals.unanswered })}</span>
          </dd>
        </div>
        <div className={styles.kpi}>
          <dt>{t('analytics.kpi.satisfaction')}</dt>
          <dd>
            {percent(feedback.ratio)}
            <span className={styles.kpiNote}>{t('analytics.feedbackSummary', { up: feedback.up, down: feedback.down })}</span>
          </dd>
        </div>
        <div className={styles.kpi}>
          <dt>{t('analytics.kpi.ttft')}</dt>
          <dd>
            {ms(latency.ttft.p50)} <span className={styles.kpiNote}>p95 {ms(latency.ttft.p95)}</span>
          </dd>
        </div>
        <div className={styles.kpi}>
          <dt>{t('analytics.kpi.total')}</dt>
          <dd>
            {ms(latency.total.p50)} <span className={styles.kpiNote}>p95 {ms(latency.total.p95)}</span>
          </dd>
        </div>
      </dl>

      <div className={styles.grid}>
        <Card>
          <CardHeader title={t('analytics.perDay')} />
          <CardBody>{chart(chartSvg(perDayChart(analytics, t), { height: 300 }), t('analytics.perDay'))}</CardBody>
        </Card>
        <Card>
          <CardHeader title={t('analytics.bySource')} description={analytics.bySource.map((s) => `${t(`analytics.source.${s.channel}`)} ${number(s.messages)}`).join(' · ')} />
          <CardBody>{chart(chartSvg(bySourceChart(analytics, t), { height: 300 }), t('analytics.bySource'))}</CardBody>
        </Card>
      </div>

      <div className={styles.grid}>
        <Card aria-labelledby="top-questions">
          <CardHeader title={<span id="top-questions">{t('analytics.topQuestions')}</span>} description={t('analytics.topQuestionsHint')} />
          <CardBody>
            {analytics.topQuestions.length === 0 ? (
              <p className="subtle">{t('analytics.nothing')}</p>
            ) : (
              <ol className={styles.questions}>
                {analytics.topQuestions.map((q) => (
                  <li key={q.id} className={styles.question}>
                    <QuestionHead group={q} count={t('analytics.askedTimes', { count: q.asked })}>
                      <div className={styles.bar} style={{ width: `${Math.max(4, (q.asked / maxAsked) * 100)}%` }} aria-hidden="true" />
                    </QuestionHead>
                  </li>
                ))}
              </ol>
            )}
          </CardBody>
        </Card>
        <Card aria-labelledby="unanswered-questions">
          <CardHeader title={<span id="unanswered-questions">{t('analytics.unansweredQuestions')}</span>} description={t('analytics.unansweredHint')} />
          <CardBody>
            {analytics.unansweredQuestions.length === 0 ? (
              <p className="subtle">{t('analytics.nothing')}</p>
            ) : (
              <ol className={styles.questions}>
                {analytics.unansweredQuestions.map((q) => (
                  <li key={q.id} className={styles.question}>
                    <QuestionHead group={q} count={t('analytics.unansweredTimes', { count: q.unanswered })} />
                    {q.passages.length === 0 ? (
                      <p className={styles.passage}>{t('analytics.noPassage')}</p>
                    ) : (
                      q.passages.slice(0, 2).map((p, i) => (
                        <p key={i} className={styles.passage}>
                          <strong>{p.documentName}</strong> — {p.text.replace(/\s+/g, ' ').slice(0, 220)}
                        </p>
                      ))
                    )}
                  </li>
                ))}
              </ol>
            )}
          </CardBody>
        </Card>
      </div>

      <div className={styles.grid}>
        <Card>
          <CardHeader title={t('analytics.feedback')} description={t('analytics.feedbackSummary', { up: feedback.up, down: feedback.down })} />
          <CardBody>
            {feedback.comments.length === 0 ? (
              <p className="subtle">{t('analytics.noComments')}</p>
            ) : (
              <ul className={styles.questions}>
                {feedback.comments.map((c) => (
                  <li key={c.messageId} className={styles.question}>
                    <div className={styles.questionHead}>
                      <span>
                        {c.rating > 0 ? '👍' : '👎'} {c.comment}
                      </span>
                      <Link href={`/workspaces/${workspaceId}/chat/${c.conversationId}`}>{formatDate(c.at, locale)}</Link>
                    </div>
                    {c.question && <p className={styles.examples}>{c.question}</p>}
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t('analytics.models')} />
          <CardBody>
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('analytics.col.model')}</th>
                    <th className="num">{t('analytics.col.answers')}</th>
                    <th className="num">{t('analytics.col.inputTokens')}</th>
                    <th className="num">{t('analytics.col.outputTokens')}</th>
                  </tr>
                </thead>
                <tbody>
                  {analytics.models.map((m) => (
                    <tr key={m.model}>
                      <td>{m.model}</td>
                      <td className="num">{number(m.answers)}</td>
                      <td className="num">{number(m.inputTokens)}</td>
                      <td className="num">{number(m.outputTokens)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </CardBody>
          <CardHeader title={t('analytics.documents')} level={3} />
          <CardBody>
            {analytics.documents.length === 0 ? (
              <p className="subtle">{t('analytics.nothing')}</p>
            ) : (
              <ol className={styles.questions}>
                {analytics.documents.map((d) => (
                  <li key={d.documentId} className={styles.questionHead}>
                    <span>{d.name ?? t('analytics.deletedDocument')}</span>
                    <span>{number(d.answers)}</span>
                  </li>
                ))}
              </ol>
            )}
          </CardBody>
        </Card>
      </div>

      <div className={styles.grid}>
        <Card aria-labelledby="downloads">
          <CardHeader title={<span id="downloads">{t('analytics.downloads')}</span>} description={t('analytics.downloadsHint')} />
          <CardBody>
            <ul className={styles.questions}>
              {downloads.map(([table, label]) => (
                <li key={table} className={styles.questionHead}>
                  <span>{label}</span>
                  <span className={styles.downloads}>
                    <a href={exportHref(table, 'csv')} download>
                      CSV<span className="visually-hidden"> {label}</span>
                    </a>
                    <a href={exportHref(table, 'xlsx')} download>
                      XLSX<span className="visually-hidden"> {label}</span>
                    </a>
                  </span>
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
        <Card aria-labelledby="reports">
          <CardHeader title={<span id="reports">{t('analytics.reports')}</span>} description={t('analytics.reportsHint')} />
          <CardBody>
            {reports.length === 0 ? (
              <p className="subtle">{t('analytics.noReports')}</p>
            ) : (
              <ul className={styles.questions}>
                {reports.map((r) => (
                  <li key={r.id} className={styles.questionHead}>
                    <span>{t('analytics.reportPeriod', { from: formatDate(r.from, locale), to: formatDate(r.to, locale) })}</span>
                    <span className={styles.downloads}>
                      <a href={r.pdfPath}>PDF</a>
                      <a href={r.xlsxPath}>XLSX</a>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
      </div>
    </div>
  )
}

/** The date range: two date fields (a plain GET form, so it works without JavaScript) and presets. */
export function RangeForm({ action, from, to, t }: { action: string; from: string; to: string; t: Translate }) {
  return (
    <form className={styles.rangeForm} method="get" action={action}>
      <label>
        {t('analytics.range.from')}
        <input className="input" type="date" name="from" defaultValue={from} required />
      </label>
      <label>
        {t('analytics.range.to')}
        <input className="input" type="date" name="to" defaultValue={to} required />
      </label>
      <button className="btn btn-secondary" type="submit">
        {t('analytics.range.apply')}
      </button>
      <span className={styles.presets}>
        {([7, 30, 90] as const).map((days) => (
          <Link key={days} href={`${action}?days=${days}`} className="btn btn-ghost btn-sm">
            {t(`analytics.range.last${days}`)}
          </Link>
        ))}
      </span>
    </form>
  )
}

/** A question group's label and count, then (under what `children` adds) its other wordings. */
function QuestionHead({ group, count, children }: { group: { label: string; examples: string[] }; count: string; children?: React.ReactNode }) {
  const others = group.examples.filter((example) => example !== group.label)
  return (
    <>
      <div className={styles.questionHead}>
        <span>{group.label}</span>
        <span>{count}</span>
      </div>
      {children}
      {others.length > 0 && <p className={styles.examples}>{others.join(' · ')}</p>}
    </>
  )
}
