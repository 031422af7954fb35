import type { Metadata } from 'next'
import { AnalyticsView, RangeForm } from '@/components/analytics/analytics-view'
import { Alert } from '@/components/ui'
import { workspaceAnalytics } from '@/lib/analytics'
import { addDays, dayOf, rangeQuery, resolveRange, type DateRange } from '@/lib/analytics/range'
import { listReports } from '@/lib/analytics/reports'
import { ApiError } from '@/lib/api/errors'
import { getLocale, getT } from '@/lib/i18n/server'
import { loadWorkspace } from '../../../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('analytics.title') }
}

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)

/** `?from=&to=` (the form), or `?days=7|30|90` (the presets); a bad range says why and shows the default. */
function rangeOf(query: Record<string, string | string[] | undefined>): { range: DateRange; error: string | null } {
  const days = Number(one(query.days))
  if ([7, 30, 90].includes(days)) {
    const today = dayOf(new Date())
    return { range: resolveRange({ from: addDays(today, -(days - 1)), to: today }), error: null }
  }
  const parsed = rangeQuery.safeParse({ from: one(query.from) || undefined, to: one(query.to) || undefined })
  try {
    if (!parsed.success) throw new ApiError('bad_request:analytics', `${parsed.error.issues[0].path.join('.')} ${parsed.error.issues[0].message}`)
    return { range: resolveRange(parsed.data), error: null }
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    return { range: resolveRange({}), error: error.message }
  }
}

export default async function AnalyticsPage({ params, searchParams }: { params: Promise<{ ws: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ws } = await params
  const { workspace, identity } = await loadWorkspace(ws, `/workspaces/${ws}/analytics`)
  const [t, locale] = await Promise.all([getT(), getLocale()])
  const header = (
    <header className="page-header">
      <div>
        <h1>{t('analytics.title')}</h1>
        <p>{t('analytics.subtitle')}</p>
      </div>
    </header>
  )
  if (workspace.role !== 'admin' && workspace.role !== 'owner') {
    return (
      <>
        {header}
        <Alert tone="info">{t('analytics.adminOnly')}</Alert>
      </>
    )
  }
  const { range, error } = rangeOf(await searchParams)
  const [analytics, reports] = await Promise.all([workspaceAnalytics(identity, workspace.id, range), listReports(identity, workspace.id)])
  return (
    <>
      {header}
      <div className="stack-lg">
        <RangeForm action={`/workspaces/${workspace.id}/analytics`} from={range.from} to={range.to} t={t} />
        {error && <Alert tone="warning">{t('analytics.range.invalid', { message: error })}</Alert>}
        <AnalyticsView analytics={analytics} reports={reports} workspaceId={workspace.id} t={t} locale={locale} />
      </div>
    </>
  )
}
