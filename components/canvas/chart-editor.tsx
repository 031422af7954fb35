'use client'

import { useMemo } from 'react'
import { chartTypes, type ChartContent } from '@/lib/artifacts/schemas'
import { chartSvg } from '@/lib/charts/svg'
import { useT } from '@/lib/i18n/client'
import styles from './canvas.module.css'

/**
 * A chart drawn by the same renderer as the downloads and PDFs, with its type, axis, axis labels
 * and series to choose. The SVG is ours: every text in it is escaped, so it is safe to insert as markup.
 */
function ChartView({ chart, title }: { chart: ChartContent; title?: string }) {
  const svg = useMemo(() => chartSvg(chart, { title }), [chart, title])
  return <div className={styles.chart} role="img" aria-label={title} data-testid="canvas-chart" dangerouslySetInnerHTML={{ __html: svg }} />
}

export function ChartEditor({ chart, title, onChange }: { chart: ChartContent; title: string; onChange: (chart: ChartContent) => void }) {
  const t = useT()
  const names = chart.data.columns.map((column) => column.name)
  const toggleSeries = (name: string, on: boolean) => {
    const series = on ? [...chart.series, name] : chart.series.filter((s) => s !== name)
    if (series.length) onChange({ ...chart, series: names.filter((n) => series.includes(n)) })
  }
  return (
    <div className={styles.chartEditor}>
      <div className={styles.chartControls}>
        <label>
          {t('canvas.chart.type')}
          <select className="select" value={chart.chartType} onChange={(e) => onChange({ ...chart, chartType: e.target.value as ChartContent['chartType'] })} data-testid="chart-type">
            {chartTypes.map((type) => (
              <option key={type} value={type}>
                {t(`canvas.chart.${type}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('canvas.chart.x')}
          <select className="select" value={chart.x} onChange={(e) => onChange({ ...chart, x: e.target.value })}>
            {names.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        {chart.chartType !== 'pie' &&
          (['xLabel', 'yLabel'] as const).map((axis) => (
            <label key={axis}>
              {t(`canvas.chart.${axis}`)}
              <input className="input" value={chart[axis] ?? ''} maxLength={200} onChange={(e) => onChange({ ...chart, [axis]: e.target.value.trim() ? e.target.value : undefined })} data-testid={`chart-${axis}`} />
            </label>
          ))}
        <fieldset className={styles.series}>
          <legend>{t('canvas.chart.series')}</legend>
          {names
            .filter((name) => name !== chart.x)
            .map((name) => (
              <label key={name} className={styles.check}>
                <input type="checkbox" checked={chart.series.includes(name)} onChange={(e) => toggleSeries(name, e.target.checked)} />
                {name}
              </label>
            ))}
        </fieldset>
      </div>
      <ChartView chart={chart} title={title} />
    </div>
  )
}
