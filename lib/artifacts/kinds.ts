import { ApiError } from '../api/errors'
import { MAX_TABLE_CELLS, contentSchemas, type ArtifactContent, type ArtifactKind, type TableContent } from './schemas'

/** The cells of a table (headers included) counted before anything else reads it. */
export function tableCells(value: unknown): number {
  const table = value as { columns?: unknown; rows?: unknown } | null
  const width = Array.isArray(table?.columns) ? table.columns.length : 0
  const rows = Array.isArray(table?.rows) ? table.rows : []
  return width * (rows.length + 1)
}

/**
 * An artifact's content checked against its kind: too big answers 413 (counted before the
 * schema reads it), a wrong shape 422 with the first problem named.
 */
export function validateContent<K extends ArtifactKind>(kind: K, content: unknown): ArtifactContent {
  const table = kind === 'chart' ? (content as { data?: unknown } | null)?.data : kind === 'table' ? content : null
  if (table && tableCells(table) > MAX_TABLE_CELLS) {
    throw new ApiError('payload_too_large:artifact', `This table has more than ${MAX_TABLE_CELLS.toLocaleString('en')} cells, the most an artifact can hold: split it, or export it from its document.`)
  }
  const parsed = contentSchemas[kind].safeParse(content)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue.path.length ? `${issue.path.join('.')}: ` : ''
    throw new ApiError('unprocessable:artifact', `This is not a valid ${kind}: ${where}${issue.message}.`, { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) })
  }
  return parsed.data
}

/** The first GFM table of a Markdown text, as a table (figures typed as numbers). */
export function tableFromMarkdown(markdown: string): TableContent | null {
  const lines = markdown.split('\n')
  const isRow = (line: string) => /^\s*\|.*\|\s*$/.test(line)
  const split = (line: string) => line.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim())
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!isRow(lines[i]) || !/^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(lines[i + 1])) continue
    const names = split(lines[i])
    const rows: string[][] = []
    for (let j = i + 2; j < lines.length && isRow(lines[j]); j++) rows.push(split(lines[j]))
    return typedTable(names, rows.map((row) => names.map((_, k) => row[k] ?? '')))
  }
  return null
}

const numeric = /^-?\d+(?:[.,]\d+)?$/

/** Columns whose every filled cell is a figure become numbers; the others stay text. */
export function typedTable(names: string[], rows: (string | number | boolean | null)[][]): TableContent {
  const columns = names.map((name, i) => {
    const filled = rows.map((row) => row[i]).filter((cell) => cell !== null && cell !== '')
    const isNumber = filled.length > 0 && filled.every((cell) => typeof cell === 'number' || (typeof cell === 'string' && numeric.test(cell.replace(/\s/g, ''))))
    return { name: name || `Column ${i + 1}`, type: isNumber ? ('number' as const) : ('text' as const) }
  })
  const cast = (cell: string | number | boolean | null, i: number) => {
    if (cell === '' || cell === null) return null
    if (columns[i].type === 'number' && typeof cell === 'string') return Number(cell.replace(/\s/g, '').replace(',', '.'))
    return cell
  }
  return { columns, rows: rows.map((row) => row.map(cast)) }
}

/** Code as a Markdown block, fenced with more backticks than any run in the code so it can never close early. */
export function codeFence(language: string, code: string): string {
  const fence = '`'.repeat(Math.max(3, ...[...code.matchAll(/`+/g)].map((m) => m[0].length + 1)))
  return `${fence}${language}\n${code}\n${fence}`
}
