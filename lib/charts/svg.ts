import type { Cell, ChartContent } from '../artifacts/schemas'

/**
 * Charts as a list of shapes: one renderer for the canvas, the SVG and PNG downloads (as SVG
 * text) and the PDFs (drawn as vectors by lib/exports/pdf.ts). Every text is escaped in the SVG,
 * so data from a model or a document never becomes markup.
 */

export const CHART_WIDTH = 720
export const CHART_HEIGHT = 400
export const palette = ['#2563eb', '#f97316', '#16a34a', '#db2777', '#9333ea', '#0891b2', '#ca8a04', '#dc2626', '#4b5563', '#65a30d', '#7c3aed', '#0d9488']

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!)

const asNumber = (cell: Cell): number | null => {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null
  if (typeof cell === 'string' && cell.trim() && !Number.isNaN(Number(cell.replace(/\s/g, '').replace(',', '.')))) return Number(cell.replace(/\s/g, '').replace(',', '.'))
  return null
}

const label = (cell: Cell) => (cell === null ? '' : String(cell))

/** Round axis steps: 1, 2 or 5 times a power of ten. */
function ticks(min: number, max: number, count = 5): number[] {
  if (min === max) [min, max] = min === 0 ? [0, 1] : [Math.min(0, min), Math.max(0, max)]
  const raw = (max - min) / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw
  const out: number[] = []
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)))
  if (out[out.length - 1] < max) out.push(Number((out[out.length - 1] + step).toPrecision(12)))
  return out
}

const formatTick = (value: number) => (Math.abs(value) >= 1e6 ? `${Number((value / 1e6).toPrecision(3))}M` : Math.abs(value) >= 1e4 ? `${Number((value / 1e3).toPrecision(3))}k` : String(Number(value.toPrecision(6))))

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** What a chart is drawn with, in SVG coordinates (y down, texts on their baseline). */
export type Shape =
  | { type: 'rect'; x: number; y: number; width: number; height: number; fill: string }
  | { type: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string }
  | { type: 'path'; d: string; fill?: string; fillOpacity?: number; stroke?: string; strokeWidth?: number }
  | { type: 'circle'; cx: number; cy: number; r: number; fill: string; fillOpacity?: number }
  | { type: 'text'; x: number; y: number; text: string; size: number; anchor?: 'middle' | 'end'; bold?: boolean; fill?: string; rotate?: number }

export interface ChartDrawing {
  width: number
  height: number
  shapes: Shape[]
}

export interface ChartSvgOptions {
  width?: number
  height?: number
  title?: string
}

export function chartShapes(chart: ChartContent, options: ChartSvgOptions = {}): ChartDrawing {
  const width = options.width ?? CHART_WIDTH
  const height = options.height ?? CHART_HEIGHT
  const columnIndex = (name: string) => chart.data.columns.findIndex((column) => column.name === name)
  const xi = columnIndex(chart.x)
  const series = chart.series.map((name) => ({ name, index: columnIndex(name) })).filter((s) => s.index >= 0)
  const rows = chart.data.rows
  const parts: Shape[] = []
  const muted = '#4b5563'
  const text = (x: number, y: number, value: string, style: Omit<Extract<Shape, { type: 'text' }>, 'type' | 'x' | 'y' | 'text'>) => parts.push({ type: 'text', x, y, text: value, ...style })
  const top = options.title ? 40 : 16
  if (options.title) text(width / 2, 24, truncate(options.title, 80), { anchor: 'middle', size: 16, bold: true })

  // Legend along the bottom.
  const legendItems = chart.chartType === 'pie' ? rows.map((row) => label(row[xi])) : series.map((s) => s.name)
  const legendY = height - 10
  let legendX = 16
  legendItems.slice(0, 12).forEach((name, i) => {
    parts.push({ type: 'rect', x: legendX, y: legendY - 9, width: 10, height: 10, fill: palette[i % palette.length] })
    const shown = truncate(name, 24)
    text(legendX + 14, legendY, shown, { size: 11 })
    legendX += 24 + shown.length * 6.5
  })

  if (chart.chartType === 'pie') {
    const values = rows.map((row) => Math.max(asNumber(row[series[0]?.index ?? -1]) ?? 0, 0))
    const total = values.reduce((a, b) => a + b, 0)
    const cx = width / 2
    const cy = top + (height - top - 30) / 2
    const r = Math.min(width, height - top - 30) / 2 - 10
    let angle = -Math.PI / 2
    values.forEach((value, i) => {
      if (!total || !value) return
      const sweep = (value / total) * Math.PI * 2
      const color = palette[i % palette.length]
      if (sweep >= Math.PI * 2 - 1e-9) {
        parts.push({ type: 'circle', cx, cy, r, fill: color })
      } else {
        const [x1, y1] = [cx + r * Math.cos(angle), cy + r * Math.sin(angle)]
        const [x2, y2] = [cx + r * Math.cos(angle + sweep), cy + r * Math.sin(angle + sweep)]
        parts.push({ type: 'path', d: `M${cx},${cy} L${x1.toFixed(2)},${y1.toFixed(2)} A${r},${r} 0 ${sweep > Math.PI ? 1 : 0} 1 ${x2.toFixed(2)},${y2.toFixed(2)} Z`, fill: color, stroke: '#fff' })
      }
      const mid = angle + sweep / 2
      if (sweep > 0.25) text(cx + r * 0.65 * Math.cos(mid), cy + r * 0.65 * Math.sin(mid), `${Math.round((value / total) * 100)} %`, { anchor: 'middle', size: 12, fill: '#fff' })
      angle += sweep
    })
    return { width, height, shapes: parts }
  }

  const left = 64
  const right = width - 16
  const bottom = height - (chart.xLabel ? 68 : 56)
  const values = rows.flatMap((row) => series.map((s) => asNumber(row[s.index]))).filter((v): v is number => v !== null)
  const yTicks = ticks(Math.min(0, ...values), Math.max(0, ...values))
  const [yMin, yMax] = [yTicks[0], yTicks[yTicks.length - 1]]
  const y = (value: number) => bottom - ((value - yMin) / (yMax - yMin || 1)) * (bottom - top)
  for (const tick of yTicks) {
    parts.push({ type: 'line', x1: left, x2: right, y1: y(tick), y2: y(tick), stroke: '#e5e7eb' })
    text(left - 6, y(tick) + 4, formatTick(tick), { anchor: 'end', size: 11, fill: muted })
  }
  parts.push({ type: 'line', x1: left, x2: right, y1: y(Math.max(yMin, 0)), y2: y(Math.max(yMin, 0)), stroke: '#6b7280' })
  if (chart.yLabel) text(18, (top + bottom) / 2, truncate(chart.yLabel, 40), { size: 12, anchor: 'middle', rotate: -90 })
  if (chart.xLabel) text((left + right) / 2, bottom + 34, truncate(chart.xLabel, 60), { size: 12, anchor: 'middle' })

  if (chart.chartType === 'scatter') {
    const xs = rows.map((row) => asNumber(row[xi]))
    const known = xs.filter((v): v is number => v !== null)
    const xTicks = ticks(Math.min(...known, 0), Math.max(...known, 0))
    const [xMin, xMax] = [xTicks[0], xTicks[xTicks.length - 1]]
    const x = (value: number) => left + ((value - xMin) / (xMax - xMin || 1)) * (right - left)
    for (const tick of xTicks) text(x(tick), bottom + 16, formatTick(tick), { anchor: 'middle', size: 11, fill: muted })
    series.forEach((s, si) => {
      rows.forEach((row, ri) => {
        const [vx, vy] = [xs[ri], asNumber(row[s.index])]
        if (vx !== null && vy !== null) parts.push({ type: 'circle', cx: x(vx), cy: y(vy), r: 4, fill: palette[si % palette.length], fillOpacity: 0.8 })
      })
    })
    return { width, height, shapes: parts }
  }

  const band = (right - left) / Math.max(rows.length, 1)
  const center = (i: number) => left + band * (i + 0.5)
  const every = Math.ceil(rows.length / Math.max(1, Math.floor((right - left) / 60)))
  rows.forEach((row, i) => {
    if (i % every === 0) text(center(i), bottom + 16, truncate(label(row[xi]), 14), { anchor: 'middle', size: 11, fill: muted })
  })
  if (chart.chartType === 'bar') {
    const barWidth = (band * 0.8) / Math.max(series.length, 1)
    series.forEach((s, si) => {
      rows.forEach((row, i) => {
        const value = asNumber(row[s.index])
        if (value === null) return
        const [y0, y1] = [y(Math.max(yMin, 0)), y(value)]
        parts.push({ type: 'rect', x: left + band * i + band * 0.1 + barWidth * si, y: Math.min(y0, y1), width: barWidth, height: Math.abs(y1 - y0), fill: palette[si % palette.length] })
      })
    })
  } else {
    series.forEach((s, si) => {
      const points = rows.map((row, i) => [center(i), asNumber(row[s.index])] as const).filter((p): p is readonly [number, number] => p[1] !== null)
      if (!points.length) return
      const color = palette[si % palette.length]
      const line = points.map(([px, py], i) => `${i ? 'L' : 'M'}${px.toFixed(1)},${y(py).toFixed(1)}`).join(' ')
      if (chart.chartType === 'area') {
        const base = y(Math.max(yMin, 0)).toFixed(1)
        parts.push({ type: 'path', d: `${line} L${points[points.length - 1][0].toFixed(1)},${base} L${points[0][0].toFixed(1)},${base} Z`, fill: color, fillOpacity: 0.25 })
      }
      parts.push({ type: 'path', d: line, stroke: color, strokeWidth: 2 })
      for (const [px, py] of points) parts.push({ type: 'circle', cx: px, cy: y(py), r: 3, fill: color })
    })
  }
  return { width, height, shapes: parts }
}

const n = (value: number) => Number(value.toFixed(1))

function shapeSvg(shape: Shape): string {
  switch (shape.type) {
    case 'rect':
      return `<rect x="${n(shape.x)}" y="${n(shape.y)}" width="${n(shape.width)}" height="${n(shape.height)}" fill="${shape.fill}"/>`
    case 'line':
      return `<line x1="${n(shape.x1)}" x2="${n(shape.x2)}" y1="${n(shape.y1)}" y2="${n(shape.y2)}" stroke="${shape.stroke}"/>`
    case 'path':
      return `<path d="${shape.d}" fill="${shape.fill ?? 'none'}"${shape.fillOpacity === undefined ? '' : ` fill-opacity="${shape.fillOpacity}"`}${shape.stroke ? ` stroke="${shape.stroke}"` : ''}${shape.strokeWidth ? ` stroke-width="${shape.strokeWidth}"` : ''}/>`
    case 'circle':
      return `<circle cx="${n(shape.cx)}" cy="${n(shape.cy)}" r="${shape.r}" fill="${shape.fill}"${shape.fillOpacity === undefined ? '' : ` fill-opacity="${shape.fillOpacity}"`}/>`
    case 'text': {
      const attrs = [
        `font-size="${shape.size}"`,
        shape.anchor ? `text-anchor="${shape.anchor}"` : '',
        shape.bold ? 'font-weight="bold"' : '',
        shape.fill ? `fill="${shape.fill}"` : '',
        shape.rotate ? `transform="rotate(${shape.rotate} ${n(shape.x)} ${n(shape.y)})"` : '',
      ]
      return `<text x="${n(shape.x)}" y="${n(shape.y)}" ${attrs.filter(Boolean).join(' ')}>${escapeXml(shape.text)}</text>`
    }
  }
}

export function chartSvg(chart: ChartContent, options: ChartSvgOptions = {}): string {
  const { width, height, shapes } = chartShapes(chart, options)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Noto Sans, DejaVu Sans, Arial, sans-serif" role="img"><rect width="100%" height="100%" fill="#fff"/>${shapes.map(shapeSvg).join('')}</svg>`
}
