import type { ChartContent } from '../artifacts/schemas'
import type { Translate } from '../i18n'
import { channels, type Analytics } from './schemas'

/** The analytics' charts, drawn by the one SVG renderer (lib/charts) on the page and in the reports. */

export const perDayChart = (analytics: Analytics, t: Translate): ChartContent => ({
  chartType: analytics.perDay.length > 45 ? 'line' : 'bar',
  data: {
    columns: [{ name: t('analytics.col.day'), type: 'text' }, { name: t('analytics.col.conversations'), type: 'number' }, { name: t('analytics.kpi.messages'), type: 'number' }],
    rows: analytics.perDay.map((d) => [d.day.slice(5), d.conversations, d.messages]),
  },
  x: t('analytics.col.day'),
  series: [t('analytics.col.conversations'), t('analytics.kpi.messages')],
})

export const bySourceChart = (analytics: Analytics, t: Translate): ChartContent => ({
  chartType: 'area',
  data: {
    columns: [{ name: t('analytics.col.day'), type: 'text' }, ...channels.map((c) => ({ name: t(`analytics.source.${c}`), type: 'number' as const }))],
    rows: analytics.perDay.map((d) => [d.day.slice(5), ...channels.map((c) => d.bySource[c].messages)]),
  },
  x: t('analytics.col.day'),
  series: channels.map((c) => t(`analytics.source.${c}`)),
})
