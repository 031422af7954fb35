import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { strToU8, zipSync } from 'fflate'

/** Small documents generated for tests, so the repo ships no third-party files. */

const pdfString = (text: string) => `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`

/**
 * A valid PDF with one page per entry; each line is [text, fontSize]. Latin-1 text only
 * (WinAnsi), which covers French.
 */
export function makePdf(pages: [string, number][][], title?: string): Buffer {
  const objects: string[] = []
  const add = (body: string) => objects.push(body) // object number = index + 1
  add('<< /Type /Catalog /Pages 2 0 R >>')
  add('') // pages, filled below
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>')
  add(title ? `<< /Title ${pdfString(title)} >>` : '<< >>')
  const kids: number[] = []
  for (const lines of pages) {
    let y = 800
    const ops = lines.map(([text, size]) => {
      y -= size * (size > 14 ? 2.4 : 1.3)
      return `BT /F1 ${size} Tf 50 ${y} Td ${pdfString(text)} Tj ET`
    })
    const stream = ops.join('\n')
    add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`)
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${objects.length} 0 R >>`)
    kids.push(objects.length)
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'
  const offsets = objects.map((body, i) => {
    const offset = Buffer.byteLength(out, 'latin1')
    out += `${i + 1} 0 obj\n${body}\nendobj\n`
    return offset
  })
  const xref = Buffer.byteLength(out, 'latin1')
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

/** The same PDF protected by a user password (Debian's qpdf). */
export function encryptPdf(pdf: Buffer, password = 'secret'): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'monitora-qpdf-'))
  try {
    writeFileSync(path.join(dir, 'in.pdf'), pdf)
    execFileSync('qpdf', ['--encrypt', password, `${password}-owner`, '256', '--', path.join(dir, 'in.pdf'), path.join(dir, 'out.pdf')])
    return readFileSync(path.join(dir, 'out.pdf'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot' }[c]};`)

export type DocxPart = { heading: string; level: number } | { paragraph: string } | { table: string[][] }

export function makeDocx(parts: DocxPart[]): Buffer {
  const body = parts
    .map((part) => {
      if ('heading' in part) return `<w:p><w:pPr><w:pStyle w:val="Heading${part.level}"/></w:pPr><w:r><w:t>${escapeXml(part.heading)}</w:t></w:r></w:p>`
      if ('paragraph' in part) return `<w:p><w:r><w:t xml:space="preserve">${escapeXml(part.paragraph)}</w:t></w:r></w:p>`
      return `<w:tbl>${part.table.map((row) => `<w:tr>${row.map((cell) => `<w:tc><w:p><w:r><w:t>${escapeXml(cell)}</w:t></w:r></w:p></w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`
    })
    .join('')
  const styles = [1, 2, 3].map((n) => `<w:style w:type="paragraph" w:styleId="Heading${n}"><w:name w:val="heading ${n}"/></w:style>`).join('')
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
      'word/document.xml': strToU8(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`),
      'word/styles.xml': strToU8(`<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${styles}</w:styles>`),
    }),
  )
}

export async function makeXlsx(sheets: Record<string, ExcelJS.CellValue[][]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  for (const [name, rows] of Object.entries(sheets)) workbook.addWorksheet(name).addRows(rows)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** A ZIP that claims to be a workbook and inflates to far more than it weighs. */
export function makeZipBomb(kind: 'xlsx' | 'docx'): Buffer {
  const huge = new Uint8Array(64 * 1024 * 1024) // zeros compress about 1000:1
  const main = kind === 'xlsx' ? 'xl/workbook.xml' : 'word/document.xml'
  return Buffer.from(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), [main]: strToU8('<x/>'), 'padding.bin': [huge, { level: 9 }] }))
}
