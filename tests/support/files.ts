/** Downloads read back by independent programs: poppler's pdftotext, Debian's openpyxl, an HTML parser. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseDocument } from 'htmlparser2'
import { ORIGIN } from './http'

type Handler = (request: Request, segment: { params: Promise<Record<string, string>> }) => Promise<Response>

/** Calls a download route in-process and keeps the body as bytes. */
export async function fetchFile(handler: Handler, method: string, path: string, options: { cookie?: string; bearer?: string; params?: Record<string, string>; query?: Record<string, string>; body?: unknown } = {}) {
  const url = new URL(path, ORIGIN)
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value)
  const headers = new Headers()
  if (options.cookie) headers.set('cookie', options.cookie)
  if (options.bearer) headers.set('authorization', `Bearer ${options.bearer}`)
  if (method !== 'GET') headers.set('origin', ORIGIN)
  if (options.body !== undefined) headers.set('content-type', 'application/json')
  const response = await handler(new Request(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) }), { params: Promise.resolve(options.params ?? {}) })
  const bytes = Buffer.from(await response.arrayBuffer())
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') }
}

function withTempFile<T>(bytes: Buffer, extension: string, read: (file: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'monitora-export-'))
  try {
    const file = path.join(dir, `file.${extension}`)
    writeFileSync(file, bytes)
    return read(file)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The text of a PDF as poppler extracts it (in reading order, runs of spaces as one). */
export const pdfText = (bytes: Buffer) =>
  withTempFile(bytes, 'pdf', (file) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })).replace(/[ \t]+/g, ' ')

/** The fonts of a PDF as poppler lists them. */
export const pdfFonts = (bytes: Buffer) => withTempFile(bytes, 'pdf', (file) => execFileSync('pdffonts', [file], { encoding: 'utf8' }))

export interface XlsxCell {
  value: string | number | boolean | null
  type: string
  numberFormat: string
}
export interface XlsxSheet {
  name: string
  maxRow: number
  maxColumn: number
  freeze: string | null
  autoFilter: string | null
  widths: Record<string, number | null>
  headerBold: boolean
  rows: XlsxCell[][]
}

const openpyxlScript = `
import json, sys, datetime
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows(max_row=min(ws.max_row, 60)):
        cells = []
        for c in row:
            v = c.value
            if isinstance(v, (datetime.datetime, datetime.date)):
                v = v.isoformat()
            cells.append({"value": v, "type": type(c.value).__name__, "numberFormat": c.number_format})
        rows.append(cells)
    out.append({"name": ws.title, "maxRow": ws.max_row, "maxColumn": ws.max_column, "freeze": ws.freeze_panes,
                "autoFilter": ws.auto_filter.ref, "headerBold": bool(ws.cell(1, 1).font and ws.cell(1, 1).font.b),
                "widths": {k: v.width for k, v in ws.column_dimensions.items()}, "rows": rows})
print(json.dumps(out))
`

/** A workbook as Debian's python3-openpyxl reads it (the first 60 rows of each sheet). */
export const readXlsx = (bytes: Buffer): XlsxSheet[] =>
  withTempFile(bytes, 'xlsx', (file) => JSON.parse(execFileSync('/usr/bin/python3', ['-c', openpyxlScript, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })))

/** Elements of an HTML page by tag name, as htmlparser2 reads it. */
export function htmlElements(html: string) {
  const document = parseDocument(html)
  const all: { name: string; attribs: Record<string, string> }[] = []
  const walk = (node: any) => {
    if (node.type === 'tag' || node.type === 'script' || node.type === 'style') all.push({ name: node.name, attribs: node.attribs })
    for (const child of node.children ?? []) walk(child)
  }
  walk(document)
  return all
}
