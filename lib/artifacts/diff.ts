import type { ArtifactContent, ArtifactKind, ChartContent, CodeContent, DocumentContent, TableContent } from './schemas'

/** What changed between two versions of an artifact, line by line (a table's rows as lines). */

export type DiffLine = { op: 'same' | 'added' | 'removed'; text: string }

const tableLines = (table: TableContent) => [table.columns.map((c) => c.name).join(' | '), ...table.rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))).join(' | '))]

export function contentLines(kind: ArtifactKind, content: ArtifactContent): string[] {
  switch (kind) {
    case 'table':
      return tableLines(content as TableContent)
    case 'chart': {
      const chart = content as ChartContent
      const labels = chart.xLabel || chart.yLabel ? [`axis labels: ${chart.xLabel ?? ''} / ${chart.yLabel ?? ''}`] : []
      return [`${chart.chartType} · x: ${chart.x} · series: ${chart.series.join(', ')}`, ...labels, ...tableLines(chart.data)]
    }
    case 'document':
      return (content as DocumentContent).markdown.split('\n')
    case 'code':
      return (content as CodeContent).code.split('\n')
  }
}

/** Whether two contents are the same, whatever the order of their keys (the database keeps its own). */
export function sameContent(a: unknown, b: unknown): boolean {
  const sorted = (_key: string, value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : 1))) : value)
  return JSON.stringify(a, sorted) === JSON.stringify(b, sorted)
}

/** A line diff by longest common subsequence; beyond 4 million cells of work it falls back to removed-then-added. */
export function diffLines(before: string[], after: string[]): DiffLine[] {
  const n = before.length
  const m = after.length
  if (n * m > 4_000_000) return [...before.map((text) => ({ op: 'removed' as const, text })), ...after.map((text) => ({ op: 'added' as const, text }))]
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = before[i] === after[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
  const out: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      out.push({ op: 'same', text: before[i++] })
      j++
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ op: 'removed', text: before[i++] })
    else out.push({ op: 'added', text: after[j++] })
  }
  while (i < n) out.push({ op: 'removed', text: before[i++] })
  while (j < m) out.push({ op: 'added', text: after[j++] })
  return out
}
