import ExcelJS from 'exceljs'
import { DocumentError } from '../errors'
import { checkZipBomb, listZip } from '../zip'
import { MAX_TABLE_ROWS_KEPT, cleanText, tableBlocks, type Block, type Cell, type Table } from './model'

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'number' || typeof value === 'boolean') return value
  if (typeof value === 'string') return cleanText(value) || null
  if (value instanceof Date) return value.toISOString().replace(/T00:00:00\.000Z$/, '')
  if ('richText' in value) return cleanText(value.richText.map((part) => part.text).join('')) || null
  if ('formula' in value || 'sharedFormula' in value) return cellValue((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue)
  if ('text' in value) return cleanText(String(value.text)) || null
  if ('error' in value) return null
  return null
}

/** Every sheet as a table whose first non-empty row is the header. */
export async function extractXlsx(bytes: Uint8Array): Promise<{ blocks: Block[]; tables: Table[] }> {
  checkZipBomb(listZip(bytes))
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  } catch (error) {
    throw new DocumentError('damaged', (error as Error).message)
  }
  const blocks: Block[] = []
  const tables: Table[] = []
  workbook.eachSheet((sheet) => {
    const rows: Cell[][] = []
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellValue)
      if (values.some((value) => value !== null)) rows.push(values)
    })
    if (!rows.length) return
    const [header, ...body] = rows
    const width = Math.max(header.length, ...body.map((row) => row.length))
    const columns = Array.from({ length: width }, (_, i) => (header[i] === null || header[i] === undefined ? `Column ${i + 1}` : String(header[i])))
    const padded = body.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? null))
    const table: Table = { name: sheet.name, columns, rows: padded, totalRows: padded.length }
    blocks.push({ kind: 'heading', text: sheet.name, level: 1 }, ...tableBlocks(table, tables.length))
    tables.push({ ...table, rows: padded.slice(0, MAX_TABLE_ROWS_KEPT) })
  })
  return { blocks, tables }
}
