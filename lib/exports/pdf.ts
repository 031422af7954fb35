import type { Nodes, PhrasingContent } from 'mdast'
import PDFDocument from 'pdfkit'
import type { Artifact, ChartContent, CodeContent, DocumentContent, TableContent } from '../artifacts/schemas'
import { chartShapes, type Shape } from '../charts/svg'
import type { Translate } from '../i18n'
import { pdfFonts } from './fonts'
import { parseMarkdown, safeUrl } from './markdown'
import { displayCell } from './table'

/**
 * The one PDF writer (conversations and artifacts), on pdfkit with the shipped Unicode font: a
 * title block, Markdown, tables, vector charts, page numbers. Lines are broken here word by word
 * (pdfkit shapes each word once and caches it), and pages break as the text flows down.
 */

const A4: [number, number] = [595.28, 841.89]
const margin = { top: 48, bottom: 56, left: 48, right: 48 }
const colors = { ink: '#111827', muted: '#6b7280', quote: '#374151', rule: '#d1d5db', light: '#e5e7eb', code: '#f3f4f6', header: '#eef2f7', link: '#1d4ed8' }
const BASE_SIZE = 10
const headingSizes = [0, 16, 14, 12.5, 11, 10.5, 10]
const leading = (size: number) => Math.round(size * 1.35 * 10) / 10
// DejaVu Sans's ascent and descent, in em: a line's text sits centred in its line height.
const [ASCENT, DESCENT] = [0.928, 0.236]
const cell = { size: 8.5, lineHeight: 11.5, padding: 3, minWidth: 36 }
// Letters of right-to-left scripts (Hebrew, Arabic), and of the left-to-right ones DejaVu Sans draws.
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/
const LTR = /[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]/

/** At most this many rows of a table go into a PDF (the XLSX has them all); the rest is counted. */
export const PDF_TABLE_ROWS = 500

export interface TextStyle {
  bold?: boolean
  italic?: boolean
  code?: boolean
  strike?: boolean
  link?: string
  color?: string
  size?: number
}
export interface Run {
  text: string
  style?: TextStyle
}
interface Piece {
  text: string
  style: TextStyle
  x: number
  width: number
}
type Line = Piece[]

interface TextBlock {
  size?: number
  color?: string
  /** Keep the spaces that start a line (code). */
  preserveSpaces?: boolean
}

export interface PdfMeta {
  title: string
  subtitle: string
  language: string
  t: Translate
}

type Face = 'regular' | 'bold' | 'italic' | 'boldItalic'
const faceOf = (style: TextStyle): Face => (style.bold ? (style.italic ? 'boldItalic' : 'bold') : style.italic ? 'italic' : 'regular')
const sameStyle = (a: TextStyle, b: TextStyle) => a.bold === b.bold && a.italic === b.italic && a.code === b.code && a.strike === b.strike && a.link === b.link && a.color === b.color && a.size === b.size
const pdfLink = (url: string) => {
  const safe = safeUrl(url)
  return safe && /^(https?:|mailto:)/i.test(safe) ? safe : undefined
}

/** Inline Markdown as styled runs. */
function inline(nodes: PhrasingContent[], style: TextStyle = {}): Run[] {
  return nodes.flatMap((node): Run[] => {
    switch (node.type) {
      case 'text':
        return [{ text: node.value, style }]
      case 'strong':
        return inline(node.children, { ...style, bold: true })
      case 'emphasis':
        return inline(node.children, { ...style, italic: true })
      case 'delete':
        return inline(node.children, { ...style, strike: true })
      case 'inlineCode':
        return [{ text: node.value, style: { ...style, code: true } }]
      case 'break':
        return [{ text: '\n', style }]
      case 'link':
        return inline(node.children, { ...style, link: pdfLink(node.url) })
      case 'image':
        return [{ text: node.alt ?? '', style }]
      case 'html':
        return [{ text: node.value, style }]
      default:
        return 'children' in node ? inline(node.children as PhrasingContent[], style) : 'value' in node ? [{ text: String(node.value), style }] : []
    }
  })
}

export class PdfWriter {
  private readonly doc: PDFDocument
  private readonly chunks: Buffer[] = []
  private readonly ended: Promise<void>
  private readonly bottom = A4[1] - margin.bottom
  private y = margin.top
  private left = margin.left
  private width = A4[0] - margin.left - margin.right
  private color = colors.ink
  /** Drawn beside every line of the blocks they belong to (a quote's bar, a code block's background). */
  private readonly decorations: ((top: number, bottom: number) => void)[] = []
  /** A list item's bullet, drawn with the item's first line wherever that lands. */
  private marker: { text: string; x: number } | null = null

  constructor(private readonly meta: PdfMeta) {
    this.doc = new PDFDocument({ size: A4, margins: margin, bufferPages: true, lang: meta.language, displayTitle: true, info: { Title: meta.title, Creator: 'Monitora', Producer: 'Monitora' } })
    for (const [face, data] of Object.entries(pdfFonts())) this.doc.registerFont(face, data)
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk))
    this.ended = new Promise((resolve, reject) => {
      this.doc.on('end', resolve)
      this.doc.on('error', reject)
    })
    this.text([{ text: meta.title, style: { bold: true } }], { size: 20 })
    this.gap(4)
    this.text([{ text: meta.subtitle }], { size: 9, color: colors.muted })
    this.gap(16)
  }

  // ——— Flow ———

  private newPage() {
    this.doc.addPage()
    this.y = margin.top
  }

  /** Starts a new page unless `height` still fits on this one. */
  keep(height: number) {
    if (this.y + height > this.bottom && this.y > margin.top) this.newPage()
  }

  /** Takes `height` of the page (on a new page if it does not fit) and draws in it. */
  private advance(height: number, draw: (top: number) => void) {
    this.keep(height)
    for (const decorate of this.decorations) decorate(this.y, this.y + height)
    if (this.marker) {
      const baseline = this.y + Math.min(height, leading(BASE_SIZE)) / 2 + ((ASCENT - DESCENT) / 2) * BASE_SIZE
      this.doc.font('regular').fontSize(BASE_SIZE).fillColor(this.color).text(this.marker.text, this.marker.x, baseline, { lineBreak: false, baseline: 'alphabetic' })
      this.marker = null
    }
    draw(this.y)
    this.y += height
  }

  /** Vertical space; none is carried over to the next page. */
  gap(height: number) {
    const room = Math.max(0, Math.min(height, this.bottom - this.y))
    for (const decorate of this.decorations) decorate(this.y, this.y + room)
    this.y += room
  }

  private indented(by: number, body: () => void, decorate?: (top: number, bottom: number) => void) {
    const [left, width] = [this.left, this.width]
    this.left += by
    this.width -= by
    if (decorate) this.decorations.push(decorate)
    try {
      body()
    } finally {
      ;[this.left, this.width] = [left, width]
      if (decorate) this.decorations.pop()
    }
  }

  // ——— Text ———

  private measure(text: string, style: TextStyle, size: number) {
    return this.doc
      .font(faceOf(style))
      .fontSize(style.size ?? size)
      .widthOfString(text)
  }

  /** Runs broken into lines of at most `width`: at spaces, at hard breaks, and inside a word longer than a line. */
  private lines(runs: Run[], width: number, size: number, preserveSpaces = false): Line[] {
    const lines: Line[] = []
    let line: Line = []
    let x = 0
    let space: Run | null = null
    let hardStart = true
    const push = (text: string, style: TextStyle, w: number) => {
      const last = line[line.length - 1]
      if (last && sameStyle(last.style, style)) {
        last.text += text
        last.width += w
      } else line.push({ text, style, x, width: w })
      x += w
    }
    const breakLine = (hard: boolean) => {
      lines.push(line)
      ;[line, x, space, hardStart] = [[], 0, null, hard]
    }
    for (const run of runs) {
      const style = run.style ?? {}
      for (const token of run.text.replace(/\t/g, '    ').match(/\n|[^\S\n]+|\S+/g) ?? []) {
        if (token === '\n') {
          breakLine(true)
        } else if (/^\s/.test(token)) {
          if (preserveSpaces && hardStart && !line.length) push(token, style, this.measure(token, style, size))
          else if (line.length) space = { text: preserveSpaces ? token : ' ', style }
        } else {
          const w = this.measure(token, style, size)
          const spaceWidth = space ? this.measure(space.text, space.style!, size) : 0
          if (line.length && x + spaceWidth + w > width) breakLine(false)
          else if (space) push(space.text, space.style!, spaceWidth)
          space = null
          if (w <= width) {
            push(token, style, w)
            continue
          }
          // Character by character (each one's width is cached), so a text without spaces stays linear.
          let [chunk, chunkWidth] = ['', 0]
          for (const char of token) {
            const charWidth = this.measure(char, style, size)
            if (chunk && x + chunkWidth + charWidth > width) {
              push(chunk, style, chunkWidth)
              breakLine(false)
              ;[chunk, chunkWidth] = ['', 0]
            }
            chunk += char
            chunkWidth += charWidth
          }
          push(chunk, style, chunkWidth)
        }
      }
    }
    if (line.length || !lines.length) lines.push(line)
    return lines
  }

  /**
   * A line holding right-to-left words (Arabic, Hebrew) in visual order, word by word (each word's
   * glyphs are ordered by the font's shaper): a simplified bidi algorithm, with the line's
   * direction from its first strong letter, and digits and punctuation following their neighbours.
   */
  private visual(line: Line, size: number): { line: Line; rtl: boolean } {
    if (!line.some((piece) => RTL.test(piece.text))) return { line, rtl: false }
    const words = line.flatMap((piece) =>
      piece.text
        .split(/(\s+)/)
        .filter(Boolean)
        .map((text): Piece => ({ text, style: piece.style, x: 0, width: this.measure(text, piece.style, size) })),
    )
    const direction = (piece: Piece) => (RTL.test(piece.text) ? 'rtl' : LTR.test(piece.text) ? 'ltr' : null)
    const rtl = words.map(direction).find(Boolean) === 'rtl'
    // Runs against the line's direction are reversed in place, then a right-to-left line whole.
    const against = rtl ? 'ltr' : 'rtl'
    for (let i = 0; i < words.length; i++) {
      if (direction(words[i]) !== against) continue
      let end = i
      for (let j = i; j < words.length && direction(words[j]) !== (rtl ? 'rtl' : 'ltr'); j++) if (direction(words[j]) === against) end = j
      words.splice(i, end - i + 1, ...words.slice(i, end + 1).reverse())
      i = end
    }
    if (rtl) words.reverse()
    let x = 0
    for (const word of words) [word.x, x] = [x, x + word.width]
    return { line: words, rtl }
  }

  private drawLine(logical: Line, left: number, top: number, lineHeight: number, size: number, color: string, width: number, alignRight = false) {
    const baseline = top + (lineHeight - (ASCENT + DESCENT) * size) / 2 + ASCENT * size
    const { line, rtl } = this.visual(logical, size)
    const shift = (alignRight || rtl) && line.length ? width - (line[line.length - 1].x + line[line.length - 1].width) : 0
    for (const piece of line) {
      const x = left + shift + piece.x
      const pieceSize = piece.style.size ?? size
      if (piece.style.code) this.doc.rect(x - 1, top + 1, piece.width + 2, lineHeight - 2).fill(colors.code)
      const ink = piece.style.link ? colors.link : (piece.style.color ?? color)
      this.doc
        .font(faceOf(piece.style))
        .fontSize(pieceSize)
        .fillColor(ink)
        .text(piece.text, x, baseline, { lineBreak: false, baseline: 'alphabetic' })
      if (piece.style.link) this.doc.link(x, top, piece.width, lineHeight, piece.style.link)
      if (piece.style.strike) {
        const at = baseline - pieceSize * 0.3
        this.doc.moveTo(x, at).lineTo(x + piece.width, at).lineWidth(0.5).stroke(ink)
      }
    }
  }

  /** A paragraph of styled runs at the current indent. */
  text(runs: Run[], block: TextBlock = {}) {
    const size = block.size ?? BASE_SIZE
    const lineHeight = leading(size)
    const [left, color] = [this.left, block.color ?? this.color]
    const width = this.width
    for (const line of this.lines(runs, width, size, block.preserveSpaces)) this.advance(lineHeight, (top) => this.drawLine(line, left, top, lineHeight, size, color, width))
  }

  heading(text: string | Run[], level: number) {
    const size = headingSizes[level] ?? BASE_SIZE
    if (this.y > margin.top) this.gap(8)
    this.keep(leading(size) + 2 * leading(BASE_SIZE))
    this.text(typeof text === 'string' ? [{ text, style: { bold: true } }] : text, { size })
    this.gap(4)
  }

  /** A thin rule across the text, then `after` of space. */
  rule(color = colors.light, after = 6) {
    this.advance(0.5, (top) => this.doc.moveTo(this.left, top).lineTo(this.left + this.width, top).lineWidth(0.5).stroke(color))
    this.gap(after)
  }

  code(code: string) {
    const [left, width] = [this.left, this.width]
    this.keep(2 * cell.lineHeight + 12)
    this.decorations.push((top, bottom) => this.doc.rect(left, top, width, bottom - top).fill(colors.code))
    this.gap(6)
    this.indented(6, () => {
      this.width -= 6
      this.text([{ text: code }], { size: cell.size, preserveSpaces: true })
    })
    this.gap(6)
    this.decorations.pop()
    this.gap(6)
  }

  // ——— Markdown ———

  markdown(markdown: string) {
    this.blocks(parseMarkdown(markdown).children as Nodes[], false)
  }

  private blocks(nodes: Nodes[], tight: boolean) {
    for (const node of nodes) this.block(node, tight)
  }

  private block(node: Nodes, tight: boolean) {
    switch (node.type) {
      case 'paragraph':
        this.text(inline(node.children))
        return this.gap(tight ? 2 : 6)
      case 'heading':
        return this.heading(inline(node.children, { bold: true }), node.depth)
      case 'code':
        return this.code(node.value)
      case 'blockquote': {
        const bar = this.left + 1
        const color = this.color
        this.color = colors.quote
        this.indented(10, () => this.blocks(node.children, tight), (top, bottom) => this.doc.moveTo(bar, top).lineTo(bar, bottom).lineWidth(2).stroke(colors.rule))
        this.color = color
        return
      }
      case 'thematicBreak':
        return this.rule(colors.rule)
      case 'list':
        node.children.forEach((item, j) => {
          this.marker = { text: node.ordered ? `${(node.start ?? 1) + j}.` : item.checked === true ? '☑' : item.checked === false ? '☐' : '•', x: this.left }
          this.indented(14, () => this.blocks(item.children, !node.spread))
          this.marker = null
        })
        return this.gap(4)
      case 'table': {
        const [head, ...body] = node.children
        const cells = (row: typeof head) => row.children.map((c) => inline(c.children))
        return this.table(
          head ? cells(head) : [],
          body.map(cells),
          (node.align ?? []).map((a) => a === 'right'),
        )
      }
      case 'html':
        this.text([{ text: node.value }])
        return this.gap(6)
      default:
        if ('children' in node) this.blocks(node.children as Nodes[], tight)
    }
  }

  // ——— Tables ———

  /** A grid: columns as wide as their texts allow, rows that never split, the header again on each page. */
  table(header: Run[][], rows: Run[][][], rightAligned: boolean[] = []) {
    const fitting = Math.max(1, Math.floor(this.width / cell.minWidth))
    const count = Math.min(Math.max(header.length, ...rows.slice(0, 1).map((r) => r.length)), fitting)
    const sample = rows.slice(0, 100)
    const padded = (width: number) => width + 2 * cell.padding + 1
    // A column is never narrower than its header's longest word; the width left goes to the columns whose content is wider.
    const floor = Array.from({ length: count }, (_, k) =>
      Math.max(cell.minWidth, ...(header[k] ?? []).flatMap((run) => run.text.split(/\s+/).map((word) => padded(this.measure(word, { ...run.style, bold: true }, cell.size))))),
    )
    const natural = floor.map((least, k) =>
      Math.min(Math.max(least, ...[header[k] ?? [], ...sample.map((r) => r[k] ?? [])].map((runs) => padded(runs.reduce((w, run) => w + this.measure(run.text, run.style ?? {}, cell.size), 0)))), Math.max(least, this.width * 0.6)),
    )
    const least = floor.reduce((a, b) => a + b, 0)
    const total = natural.reduce((a, b) => a + b, 0)
    const flexible = total - least
    const widths =
      least >= this.width || flexible === 0
        ? natural.map((w) => (w / total) * this.width)
        : floor.map((w, k) => w + ((natural[k] - w) / flexible) * (this.width - least))
    const maxLines = Math.max(1, Math.floor((this.bottom - margin.top - 3 * cell.lineHeight - 4 * cell.padding) / cell.lineHeight))
    const layout = (runs: Run[][]) => {
      const laid = widths.map((w, k) => {
        const lines = this.lines(runs[k] ?? [], w - 2 * cell.padding, cell.size)
        return lines.length > maxLines ? [...lines.slice(0, maxLines - 1), [{ text: '…', style: {}, x: 0, width: 0 }]] : lines
      })
      return { laid, height: Math.max(...laid.map((l) => l.length)) * cell.lineHeight + 2 * cell.padding }
    }
    const left = this.left
    const draw = (row: ReturnType<typeof layout>, isHeader: boolean) =>
      this.advance(row.height, (top) => {
        if (isHeader) this.doc.rect(left, top, this.width, row.height).fill(colors.header)
        let x = left
        row.laid.forEach((lines, k) => {
          lines.forEach((line, i) => this.drawLine(line, x + cell.padding, top + cell.padding + i * cell.lineHeight, cell.lineHeight, cell.size, this.color, widths[k] - 2 * cell.padding, rightAligned[k]))
          x += widths[k]
        })
        this.doc.rect(left, top, this.width, row.height).lineWidth(0.5).stroke(colors.rule)
      })
    const head = header.length ? layout(header.map((runs) => runs.map((run) => ({ ...run, style: { ...run.style, bold: true } })))) : null
    const laidRows = rows.map(layout)
    this.keep((head?.height ?? 0) + (laidRows[0]?.height ?? 0))
    if (head) draw(head, true)
    for (const row of laidRows) {
      if (head && this.y + row.height > this.bottom) {
        this.newPage()
        draw(head, true)
      }
      draw(row, false)
    }
    this.gap(8)
    const hidden = Math.max(header.length, rows[0]?.length ?? 0) - count
    if (hidden > 0) this.caption(this.meta.t('export.moreColumns', { count: hidden }))
  }

  private caption(text: string) {
    this.text([{ text }], { size: 9, color: colors.muted })
    this.gap(6)
  }

  dataTable(table: TableContent) {
    const shown = table.rows.slice(0, PDF_TABLE_ROWS)
    this.table(
      table.columns.map((column) => [{ text: column.name }]),
      shown.map((row) => row.map((value, k) => [{ text: displayCell(value, table.columns[k]) }])),
      table.columns.map((column) => column.type !== 'text'),
    )
    if (table.rows.length > shown.length) this.caption(this.meta.t('export.moreRows', { count: table.rows.length - shown.length }))
  }

  // ——— Charts ———

  /** A chart drawn as vectors from the shapes of lib/charts, the text's width. */
  chart(chart: ChartContent) {
    const drawing = chartShapes(chart)
    const scale = this.width / drawing.width
    const left = this.left
    this.advance(drawing.height * scale, (top) => {
      this.doc.save().translate(left, top).scale(scale)
      drawing.shapes.forEach((shape) => this.shape(shape))
      this.doc.restore()
    })
    this.gap(8)
  }

  private shape(shape: Shape) {
    const doc = this.doc
    switch (shape.type) {
      case 'rect':
        doc.rect(shape.x, shape.y, shape.width, shape.height).fill(shape.fill)
        return
      case 'line':
        doc.moveTo(shape.x1, shape.y1).lineTo(shape.x2, shape.y2).lineWidth(1).stroke(shape.stroke)
        return
      case 'path':
      case 'circle': {
        doc.save()
        if (shape.fillOpacity !== undefined) doc.fillOpacity(shape.fillOpacity)
        if (shape.type === 'circle') doc.circle(shape.cx, shape.cy, shape.r).fill(shape.fill)
        else {
          doc.path(shape.d).lineWidth(shape.strokeWidth ?? 1)
          if (shape.fill && shape.stroke) doc.fillAndStroke(shape.fill, shape.stroke)
          else if (shape.fill) doc.fill(shape.fill)
          else doc.stroke(shape.stroke)
        }
        doc.restore()
        return
      }
      case 'text': {
        doc
          .font(shape.bold ? 'bold' : 'regular')
          .fontSize(shape.size)
          .fillColor(shape.fill ?? colors.ink)
        const width = doc.widthOfString(shape.text)
        const x = shape.anchor === 'middle' ? shape.x - width / 2 : shape.anchor === 'end' ? shape.x - width : shape.x
        if (shape.rotate) doc.save().rotate(shape.rotate, { origin: [shape.x, shape.y] })
        doc.text(shape.text, x, shape.y, { lineBreak: false, baseline: 'alphabetic' })
        if (shape.rotate) doc.restore()
        return
      }
    }
  }

  // ——— Artifacts ———

  artifact(artifact: Artifact) {
    switch (artifact.kind) {
      case 'table':
        return this.dataTable(artifact.content as TableContent)
      case 'chart':
        return this.chart(artifact.content as ChartContent)
      case 'document':
        return this.markdown((artifact.content as DocumentContent).markdown)
      case 'code':
        return this.code((artifact.content as CodeContent).code)
    }
  }

  // ——— Output ———

  private fit(text: string, width: number) {
    if (this.doc.widthOfString(text) <= width) return text
    let end = text.length
    while (end > 0 && this.doc.widthOfString(`${text.slice(0, end)}…`) > width) end--
    return `${text.slice(0, end)}…`
  }

  /** Page numbers and the title in every footer, then the file. */
  async finish(): Promise<Buffer> {
    const { start, count } = this.doc.bufferedPageRange()
    const baseline = A4[1] - 24
    for (let i = 0; i < count; i++) {
      this.doc.switchToPage(start + i)
      this.doc.font('regular').fontSize(8).fillColor(colors.muted)
      const number = `${i + 1} / ${count}`
      this.doc.text(this.fit(this.meta.title, A4[0] - margin.left - margin.right - 80), margin.left, baseline, { lineBreak: false, baseline: 'alphabetic' })
      this.doc.text(number, A4[0] - margin.right - this.doc.widthOfString(number), baseline, { lineBreak: false, baseline: 'alphabetic' })
    }
    this.doc.end()
    await this.ended
    return Buffer.concat(this.chunks)
  }
}
