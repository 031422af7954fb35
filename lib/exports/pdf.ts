import type { Nodes } from 'mdast'
import { Document, Font, Image, Link, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer'
import { createElement as h, type ReactElement, type ReactNode } from 'react'
import type { Artifact, CodeContent, TableContent } from '../artifacts/schemas'
import { chartSvg } from '../charts/svg'
import { PDF_FONT, pdfFonts } from './fonts'
import { parseMarkdown, safeUrl } from './markdown'
import { svgToPng } from './png'

/** PDFs with @react-pdf/renderer and the shipped Unicode font: Markdown, tables and charts as in the canvas. */

let fontsReady = false
function registerFonts() {
  if (fontsReady) return
  const files = pdfFonts()
  Font.register({
    family: PDF_FONT,
    fonts: [
      { src: files.regular },
      { src: files.bold, fontWeight: 'bold' },
      { src: files.italic, fontStyle: 'italic' },
      { src: files.boldItalic, fontWeight: 'bold', fontStyle: 'italic' },
    ],
  })
  // Words are never cut with a hyphen: copied or extracted text stays whole.
  Font.registerHyphenationCallback((word) => [word])
  fontsReady = true
}

const ink = '#111827'
const muted = '#6b7280'
const rule = '#d1d5db'

export const styles = StyleSheet.create({
  page: { fontFamily: PDF_FONT, fontSize: 10, color: ink, paddingTop: 48, paddingBottom: 56, paddingHorizontal: 48 },
  footer: { position: 'absolute', bottom: 24, left: 48, right: 120, fontSize: 8, color: muted },
  pageNumber: { position: 'absolute', bottom: 24, right: 48, width: 60, textAlign: 'right', fontSize: 8, color: muted },
  title: { fontSize: 20, lineHeight: '26pt', fontWeight: 'bold', marginBottom: 4 },
  meta: { fontSize: 9, lineHeight: '12pt', color: muted, marginBottom: 16 },
  h: { fontWeight: 'bold', marginTop: 8, marginBottom: 4 },
  p: { marginBottom: 6 },
  code: { backgroundColor: '#f3f4f6', padding: 6, marginBottom: 6, fontSize: 8.5, lineHeight: '11.5pt' },
  quote: { borderLeftWidth: 2, borderLeftColor: rule, paddingLeft: 8, color: '#374151', marginBottom: 6 },
  listItem: { flexDirection: 'row', marginBottom: 2 },
  bullet: { width: 14 },
  grow: { flex: 1 },
  table: { borderWidth: 0.5, borderColor: rule, marginBottom: 8 },
  tr: { flexDirection: 'row', borderBottomWidth: 0.5, borderBottomColor: rule },
  th: { flex: 1, padding: 3, fontWeight: 'bold', backgroundColor: '#eef2f7', fontSize: 8.5, lineHeight: '11.5pt' },
  td: { flex: 1, padding: 3, fontSize: 8.5, lineHeight: '11.5pt' },
  num: { textAlign: 'right' },
  link: { color: '#1d4ed8', textDecoration: 'none' },
  inlineCode: { backgroundColor: '#f3f4f6' },
  section: { fontSize: 13, lineHeight: '18pt', fontWeight: 'bold', marginTop: 14, marginBottom: 6 },
  caption: { fontSize: 9, lineHeight: '12pt', color: muted, marginBottom: 6 },
})

const headingSizes = [0, 16, 14, 12.5, 11, 10.5, 10]
// Line heights are set on each text, never on the page: react-pdf multiplies the line height of the
// fixed page-number text by its font size again on every pagination pass, until a long document
// fails with 'unsupported number' (react-pdf issue 3452).
const lineHeightOf = (fontSize: number) => `${Math.round(fontSize * 1.35 * 10) / 10}pt`

/** Inline Markdown as nested Text. */
function inline(nodes: Nodes[]): ReactNode[] {
  return nodes.map((node, i): ReactNode => {
    switch (node.type) {
      case 'text':
        return node.value
      case 'strong':
        return h(Text, { key: i, style: { fontWeight: 'bold' } }, ...inline(node.children))
      case 'emphasis':
        return h(Text, { key: i, style: { fontStyle: 'italic' } }, ...inline(node.children))
      case 'delete':
        return h(Text, { key: i, style: { textDecoration: 'line-through' } }, ...inline(node.children))
      case 'inlineCode':
        return h(Text, { key: i, style: styles.inlineCode }, node.value)
      case 'break':
        return '\n'
      case 'link': {
        const url = safeUrl(node.url)
        return url ? h(Link, { key: i, src: url, style: styles.link }, ...inline(node.children)) : h(Text, { key: i }, ...inline(node.children))
      }
      case 'image':
        return node.alt ?? ''
      case 'html':
        return node.value
      default:
        return 'children' in node ? h(Text, { key: i }, ...inline(node.children as Nodes[])) : 'value' in node ? String(node.value) : ''
    }
  })
}

/** Block Markdown as Views. */
function blocks(nodes: Nodes[]): ReactElement[] {
  return nodes.map((node, i): ReactElement => {
    switch (node.type) {
      case 'paragraph':
        return h(Text, { key: i, style: styles.p }, ...inline(node.children))
      case 'heading':
        return h(Text, { key: i, style: [styles.h, { fontSize: headingSizes[node.depth], lineHeight: lineHeightOf(headingSizes[node.depth]) }] }, ...inline(node.children))
      case 'code':
        return h(View, { key: i, style: styles.code, wrap: true }, h(Text, null, node.value))
      case 'blockquote':
        return h(View, { key: i, style: styles.quote }, ...blocks(node.children))
      case 'thematicBreak':
        return h(View, { key: i, style: { borderBottomWidth: 0.5, borderBottomColor: rule, marginVertical: 6 } })
      case 'list':
        return h(
          View,
          { key: i, style: { marginBottom: 6 } },
          ...node.children.map((item, j) =>
            h(
              View,
              { key: j, style: styles.listItem, wrap: false },
              h(Text, { style: styles.bullet }, node.ordered ? `${(node.start ?? 1) + j}.` : item.checked === true ? '☑' : item.checked === false ? '☐' : '•'),
              h(View, { style: styles.grow }, ...blocks(item.children)),
            ),
          ),
        )
      case 'table': {
        const [head, ...body] = node.children
        const row = (r: typeof head, header: boolean, key: number) =>
          h(View, { key, style: styles.tr, wrap: false }, ...r.children.map((cell, k) => h(Text, { key: k, style: [header ? styles.th : styles.td, node.align?.[k] === 'right' ? styles.num : {}] }, ...inline(cell.children))))
        return h(View, { key: i, style: styles.table }, ...(head ? [row(head, true, -1)] : []), ...body.map((r, k) => row(r, false, k)))
      }
      case 'html':
        return h(Text, { key: i, style: styles.p }, node.value)
      default:
        return 'children' in node ? h(View, { key: i }, ...blocks(node.children as Nodes[])) : h(View, { key: i })
    }
  })
}

export const markdownPdf = (markdown: string) => blocks(parseMarkdown(markdown).children)

/** At most this many rows of a table go into a PDF (the XLSX has them all); the rest is counted. */
export const PDF_TABLE_ROWS = 500

export function tablePdf(table: TableContent): ReactElement {
  const shown = table.rows.slice(0, PDF_TABLE_ROWS)
  const cell = (text: string, header: boolean, numeric: boolean, key: number) => h(Text, { key, style: [header ? styles.th : styles.td, numeric ? styles.num : {}] }, text)
  return h(
    View,
    null,
    h(
      View,
      { style: styles.table },
      h(View, { style: styles.tr }, ...table.columns.map((column, k) => cell(column.name, true, column.type !== 'text', k))),
      ...shown.map((row, r) => h(View, { key: r, style: styles.tr, wrap: false }, ...row.map((value, k) => cell(value === null ? '' : String(value), false, table.columns[k]?.type !== 'text', k)))),
    ),
    table.rows.length > shown.length ? h(Text, { style: styles.caption }, `… ${table.rows.length - shown.length} more rows in the XLSX export.`) : null,
  )
}

const codePdf = (code: CodeContent) => h(View, { style: styles.code }, h(Text, null, code.code))

/** A chart as an image drawn from our SVG (twice the size, for print). */
export const chartImage = (svg: string) => h(Image, { src: { data: svgToPng(svg, 1440), format: 'png' }, style: { width: 499, marginBottom: 8 } })

/** An artifact's body, as it appears in a PDF. */
export function artifactPdf(artifact: Artifact): ReactElement {
  switch (artifact.kind) {
    case 'table':
      return tablePdf(artifact.content as TableContent)
    case 'chart':
      return chartImage(chartSvg(artifact.content as Parameters<typeof chartSvg>[0]))
    case 'document':
      return h(View, null, ...markdownPdf((artifact.content as { markdown: string }).markdown))
    case 'code':
      return codePdf(artifact.content as CodeContent)
  }
}

export interface PdfMeta {
  title: string
  subtitle: string
  language: string
}

/**
 * A document of our layout: a title block, the body, page numbers in the footer. The body comes
 * in sections, each starting on a new page: react-pdf lays the rest of a page's children out
 * again at every page break, so one long page grows quadratically (200 messages took 7 s of CPU
 * on one page, 2 s in sections of 16).
 */
export async function renderPdf(meta: PdfMeta, sections: ReactNode[][]): Promise<Buffer> {
  registerFonts()
  const footer = [
    h(Text, { key: 'footer', style: styles.footer, fixed: true }, meta.title.slice(0, 90)),
    h(Text, { key: 'page', style: styles.pageNumber, fixed: true, render: ({ pageNumber, totalPages }: { pageNumber: number; totalPages: number }) => `${pageNumber} / ${totalPages}` }),
  ]
  const doc = h(
    Document,
    { title: meta.title, creator: 'Monitora', producer: 'Monitora', language: meta.language },
    ...sections.map((section, i) =>
      h(
        Page,
        { key: i, size: 'A4', style: styles.page, wrap: true },
        ...(i === 0 ? [h(Text, { key: 'title', style: styles.title }, meta.title), h(Text, { key: 'meta', style: styles.meta }, meta.subtitle)] : []),
        ...section,
        ...footer,
      ),
    ),
  )
  return renderToBuffer(doc as Parameters<typeof renderToBuffer>[0])
}
