import type { Language } from '../language'

/** A unit of structure found in a document; chunks are cut along these. */
export interface Block {
  kind: 'heading' | 'paragraph' | 'code' | 'row'
  text: string
  /** Heading level (1 = top). */
  level?: number
  /** 1-based page (PDF). */
  page?: number
  /** Index in `tables` for table rows. */
  table?: number
}

export type Cell = string | number | boolean | null

/** A table kept whole (CSV, XLSX sheets, HTML/Markdown tables) so answers can reuse it. */
export interface Table {
  name: string
  columns: string[]
  rows: Cell[][]
  totalRows: number
}

export interface Extracted {
  title: string | null
  blocks: Block[]
  tables: Table[]
  pages: number | null
  language: Language
}

/** Text normalised for indexing: no soft hyphens or odd spaces, runs of spaces folded. */
export function cleanText(text: string): string {
  return text
    .replace(/\u00ad/g, '')
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ')
    .replace(/\r\n?/g, '\n')
    .replace(/[ ]{2,}/g, ' ')
    .trim()
}

/** Splits plain text into paragraphs at blank lines. */
export function paragraphs(text: string, page?: number): Block[] {
  return text
    .split(/\n\s*\n/)
    .map((part) => cleanText(part.replace(/\s*\n\s*/g, ' ')))
    .filter(Boolean)
    .map((part) => ({ kind: 'paragraph' as const, text: part, ...(page ? { page } : {}) }))
}

/** A table row as text that carries its header, e.g. "Country: France · Capital: Paris". */
export function rowText(columns: string[], row: Cell[]): string {
  return row
    .map((value, i) => (value === null || value === '' ? null : `${columns[i] || `Column ${i + 1}`}: ${value}`))
    .filter(Boolean)
    .join(' · ')
}

export const MAX_TABLE_ROWS_KEPT = 10_000

export function tableBlocks(table: Table, index: number): Block[] {
  return table.rows.map((row) => ({ kind: 'row' as const, text: rowText(table.columns, row), table: index })).filter((block) => block.text)
}
