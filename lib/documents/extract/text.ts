import type { Block, Cell, Table } from './model'
import { MAX_TABLE_ROWS_KEPT, cleanText, paragraphs, tableBlocks } from './model'

export function extractPlainText(text: string): Block[] {
  return paragraphs(text)
}

/** Markdown: ATX headings, fenced code, pipe tables and paragraphs. */
export function extractMarkdown(text: string): { blocks: Block[]; tables: Table[]; title: string | null } {
  const blocks: Block[] = []
  const tables: Table[] = []
  let title: string | null = null
  let buffer: string[] = []
  const flush = () => {
    const joined = cleanText(buffer.join(' '))
    if (joined) blocks.push({ kind: 'paragraph', text: joined })
    buffer = []
  }
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    const fence = /^\s*(```|~~~)/.exec(line)
    if (fence) {
      flush()
      const code: string[] = []
      for (i++; i < lines.length && !lines[i].trim().startsWith(fence[1]); i++) code.push(lines[i])
      if (code.join('').trim()) blocks.push({ kind: 'code', text: code.join('\n') })
      continue
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line)
    if (heading) {
      flush()
      const textOf = cleanText(heading[2])
      if (!textOf) continue
      if (heading[1].length === 1 && title === null) title = textOf
      blocks.push({ kind: 'heading', text: textOf, level: heading[1].length })
      continue
    }
    if (/^\s*\|.*\|\s*$/.test(line) && /^\s*\|?\s*:?-{2,}/.test(lines[i + 1] ?? '')) {
      flush()
      const split = (row: string) => row.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cleanText(cell))
      const columns = split(line)
      const rows: Cell[][] = []
      for (i += 2; i < lines.length && /^\s*\|.*\|\s*$/.test(lines[i]); i++) rows.push(split(lines[i]))
      i--
      const table: Table = { name: `Table ${tables.length + 1}`, columns, rows, totalRows: rows.length }
      blocks.push(...tableBlocks(table, tables.length))
      tables.push({ ...table, rows: rows.slice(0, MAX_TABLE_ROWS_KEPT) })
      continue
    }
    if (!line.trim()) flush()
    else if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      flush()
      buffer.push(line.trim())
      flush()
    } else buffer.push(line.trim())
  }
  flush()
  return { blocks: blocks.filter((block) => block.text), tables, title }
}

/** RFC 4180 CSV with the delimiter guessed among , ; and tab (French Excel writes ;). */
export function parseCsv(text: string): string[][] {
  const sample = text.slice(0, 5000).split('\n').slice(0, 5).join('\n')
  const delimiter = [',', ';', '\t'].map((d) => [d, sample.split(d).length] as const).sort((a, b) => b[1] - a[1])[0][0]
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += char
    } else if (char === '"' && field === '') quoted = true
    else if (char === delimiter) {
      row.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      if (row.some((cell) => cell.trim())) rows.push(row)
      row = []
      field = ''
    } else field += char
  }
  row.push(field)
  if (row.some((cell) => cell.trim())) rows.push(row)
  return rows
}

const numeric = /^-?\d+([.,]\d+)?$/

export function extractCsv(text: string, name: string): { blocks: Block[]; tables: Table[] } {
  const [header = [], ...body] = parseCsv(text.replace(/^\ufeff/, ''))
  const columns = header.map((cell, i) => cleanText(cell) || `Column ${i + 1}`)
  const rows: Cell[][] = body.map((row) => columns.map((_, i) => {
    const value = cleanText(row[i] ?? '')
    return value === '' ? null : numeric.test(value) ? Number(value.replace(',', '.')) : value
  }))
  const table: Table = { name, columns, rows, totalRows: rows.length }
  return { blocks: tableBlocks(table, 0), tables: [{ ...table, rows: rows.slice(0, MAX_TABLE_ROWS_KEPT) }] }
}
