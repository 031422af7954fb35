import { PassThrough, Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { Cell, Column, TableContent } from '../artifacts/schemas'
import { escapeHtml } from './markdown'

/** Tables as files: XLSX (streamed, typed), CSV, Markdown and HTML. */

export interface Sheet {
  name: string
  columns: Column[]
  rows: Iterable<Cell[]> | AsyncIterable<Cell[]>
}

const isoDate = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/

const toNumber = (cell: Cell): number | null => {
  if (typeof cell === 'number') return cell
  if (typeof cell !== 'string') return null
  const cleaned = cell.replace(/[\s\u00a0\u202f]/g, '').replace(/%$/, '').replace(',', '.')
  return cleaned && !Number.isNaN(Number(cleaned)) ? Number(cleaned) : null
}

/** A cell as Excel should hold it: a number, a date, a formula, or text. */
export function xlsxValue(cell: Cell, column: Column): ExcelJS.CellValue {
  if (cell === null || cell === '') return null
  if (typeof cell === 'string' && cell.startsWith('=') && cell.length > 1) return { formula: cell.slice(1) } as ExcelJS.CellFormulaValue
  if (column.type === 'number' || column.type === 'percent') {
    const value = toNumber(cell)
    if (value === null) return String(cell)
    // "25 %" typed by a person is 0.25; 0.25 stays 0.25.
    return column.type === 'percent' && typeof cell === 'string' && cell.trim().endsWith('%') ? value / 100 : value
  }
  if (column.type === 'date' && typeof cell === 'string' && isoDate.test(cell.trim())) {
    const date = new Date(/[T ]/.test(cell) ? cell.trim() : `${cell.trim()}T00:00:00Z`)
    if (!Number.isNaN(date.getTime())) return date
  }
  return cell
}

const numberFormats: Partial<Record<Column['type'], string>> = { percent: '0.00%', date: 'yyyy-mm-dd', number: '#,##0.##########' }

/** A valid, unique sheet name (31 characters, none of []:*?/\). */
export function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, ' ').replace(/^'|'$/g, '').trim().slice(0, 31) || 'Sheet'
  let candidate = base
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${base.slice(0, 31 - String(i).length - 1)} ${i}`
  taken.add(candidate.toLowerCase())
  return candidate
}

const WIDTH_SAMPLE_ROWS = 1000

/**
 * Writes sheets with exceljs's streaming writer: rows go out as they are read, so a 200k-row
 * table never sits in memory whole. Header styled, frozen and filtered; column widths from
 * the first rows.
 */
export async function writeXlsx(sheets: Sheet[], output: NodeJS.WritableStream, extra?: (workbook: ExcelJS.stream.xlsx.WorkbookWriter, taken: Set<string>) => void | Promise<void>): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output as never, useStyles: true, useSharedStrings: false })
  workbook.creator = 'Monitora'
  workbook.created = new Date()
  const taken = new Set<string>()
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheetName(sheet.name, taken), { views: [{ state: 'frozen', ySplit: 1 }] })
    const widths = sheet.columns.map((column) => Math.min(Math.max(column.name.length + 4, 10), 60))
    const buffered: Cell[][] = []
    const iterator = (Symbol.asyncIterator in sheet.rows ? sheet.rows[Symbol.asyncIterator]() : sheet.rows[Symbol.iterator]()) as AsyncIterator<Cell[]> | Iterator<Cell[]>
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      buffered.push(next.value)
      if (buffered.length >= WIDTH_SAMPLE_ROWS) break
    }
    for (const row of buffered) row.forEach((cell, i) => (widths[i] = Math.min(Math.max(widths[i] ?? 10, String(cell ?? '').length + 2), 60)))
    worksheet.columns = sheet.columns.map((column, i) => ({ width: widths[i], style: numberFormats[column.type] ? { numFmt: numberFormats[column.type] } : {} }))
    const header = worksheet.addRow(sheet.columns.map((column) => column.name))
    header.font = { bold: true, color: { argb: 'FFFFFFFF' } }
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3A5F' } }
    header.alignment = { vertical: 'middle' }
    header.commit()
    worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(sheet.columns.length, 1) } }
    const write = (row: Cell[]) => worksheet.addRow(sheet.columns.map((column, i) => xlsxValue(row[i] ?? null, column))).commit()
    buffered.forEach(write)
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) write(next.value)
    worksheet.commit()
  }
  await extra?.(workbook, taken)
  await workbook.commit()
}

/** The workbook as a web stream, for a Response: written while it is sent. */
export function xlsxStream(sheets: Sheet[], extra?: Parameters<typeof writeXlsx>[2]): ReadableStream<Uint8Array> {
  const output = new PassThrough()
  writeXlsx(sheets, output, extra).catch((error) => output.destroy(error))
  return Readable.toWeb(output) as ReadableStream<Uint8Array>
}

const formulaStart = /^[=+\-@\t\r]/
const plainNumber = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:e[+-]?\d+)?\s?%?$/i

const csvField = (cell: Cell) => {
  let text = cell === null ? '' : String(cell)
  // A text a spreadsheet would run as a formula (CSV injection, OWASP) is kept as text by a
  // leading apostrophe; numbers such as -12.5 stay numbers.
  if (typeof cell === 'string' && formulaStart.test(text) && !plainNumber.test(text)) text = `'${text}`
  return /[",\r\n\t]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** CSV as Excel opens it: UTF-8 with a byte order mark, commas, CRLF; formulas neutralised. */
export function tableCsv(table: TableContent): string {
  const lines = [table.columns.map((column) => csvField(column.name)), ...table.rows.map((row) => row.map(csvField))]
  return `\ufeff${lines.map((line) => line.join(',')).join('\r\n')}\r\n`
}

/** A sheet as CSV (same dialect as tableCsv), written while it is read: for logs too long to hold. */
export function csvStream(sheet: Sheet): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const rows = sheet.rows
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        controller.enqueue(encoder.encode(`\ufeff${sheet.columns.map((column) => csvField(column.name)).join(',')}\r\n`))
        let batch = ''
        for await (const row of rows as AsyncIterable<Cell[]>) {
          batch += `${row.map(csvField).join(',')}\r\n`
          if (batch.length > 64 * 1024) {
            controller.enqueue(encoder.encode(batch))
            batch = ''
          }
        }
        if (batch) controller.enqueue(encoder.encode(batch))
        controller.close()
      } catch (error) {
        controller.error(error)
      }
    },
  })
}

const mdCell = (cell: Cell) => (cell === null ? '' : String(cell).replace(/\|/g, '\\|').replace(/\r?\n/g, ' '))

export function tableMarkdown(table: TableContent): string {
  const header = `| ${table.columns.map((column) => mdCell(column.name)).join(' | ')} |`
  const rule = `| ${table.columns.map((column) => (column.type === 'text' ? '---' : '---:')).join(' | ')} |`
  return [header, rule, ...table.rows.map((row) => `| ${row.map(mdCell).join(' | ')} |`)].join('\n')
}

/** A cell as a reader sees it in a document (HTML, PDF): a percent column's 0.125 as 12.5 %. */
export function displayCell(cell: Cell, column: Column | undefined): string {
  if (cell === null) return ''
  if (column?.type === 'percent' && typeof cell === 'number') return `${Number((cell * 100).toPrecision(12))} %`
  return String(cell)
}

export function tableHtml(table: TableContent): string {
  const align = (column: Column) => (column.type === 'text' ? '' : ' class="num"')
  const head = table.columns.map((column) => `<th${align(column)}>${escapeHtml(column.name)}</th>`).join('')
  const body = table.rows.map((row) => `<tr>${row.map((cell, i) => `<td${align(table.columns[i])}>${escapeHtml(displayCell(cell, table.columns[i]))}</td>`).join('')}</tr>`).join('\n')
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`
}
