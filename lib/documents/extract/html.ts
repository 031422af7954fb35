import { parseDocument } from 'htmlparser2'
import type { ChildNode, Element } from 'domhandler'
import { findOne, textContent } from 'domutils'
import { cleanText, tableBlocks, type Block, type Cell, type Table } from './model'

const skipped = new Set(['script', 'style', 'noscript', 'template', 'svg', 'nav', 'footer', 'head', 'iframe', 'object', 'form', 'button'])
const blockTags = new Set(['p', 'li', 'blockquote', 'dd', 'dt', 'figcaption', 'caption', 'address', 'summary'])

/** Readable text of an HTML page: headings, paragraphs, list items, code and tables. */
export function extractHtml(html: string): { blocks: Block[]; tables: Table[]; title: string | null } {
  const document = parseDocument(html, { decodeEntities: true })
  const blocks: Block[] = []
  const tables: Table[] = []
  const titleElement = findOne((element) => element.name.toLowerCase() === 'title', document.children)
  const title = titleElement ? cleanText(textContent(titleElement)) || null : null
  let loose: string[] = []
  const flushLoose = () => {
    const text = cleanText(loose.join(' '))
    if (text) blocks.push({ kind: 'paragraph', text })
    loose = []
  }

  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (node.type === 'text') {
        if (node.data.trim()) loose.push(node.data)
        continue
      }
      if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue
      const element = node as Element
      const tag = element.name.toLowerCase()
      if (skipped.has(tag)) continue
      const heading = /^h([1-6])$/.exec(tag)
      if (heading) {
        flushLoose()
        const text = cleanText(textContent(element))
        if (text) blocks.push({ kind: 'heading', text, level: Number(heading[1]) })
      } else if (tag === 'pre') {
        flushLoose()
        const text = textContent(element).replace(/^\n+|\s+$/g, '')
        if (text) blocks.push({ kind: 'code', text })
      } else if (tag === 'table') {
        flushLoose()
        const rows = collect(element, 'tr').map((tr) => collect(tr, 'th', 'td').map((cell) => cleanText(textContent(cell))))
        if (!rows.length) continue
        const [columns, ...body] = rows
        const table: Table = { name: `Table ${tables.length + 1}`, columns, rows: body as Cell[][], totalRows: body.length }
        blocks.push(...tableBlocks(table, tables.length))
        tables.push(table)
      } else if (blockTags.has(tag)) {
        flushLoose()
        const text = cleanText(textContent(element))
        if (text) blocks.push({ kind: 'paragraph', text })
      } else if (tag === 'br') loose.push('\n')
      else {
        const isBlock = ['div', 'section', 'article', 'main', 'header', 'aside', 'ul', 'ol', 'dl', 'body', 'html'].includes(tag)
        if (isBlock) flushLoose()
        walk(element.children)
        if (isBlock) flushLoose()
      }
    }
  }
  walk(document.children)
  flushLoose()
  return { blocks, tables, title }
}

function collect(root: Element, ...tags: string[]): Element[] {
  const found: Element[] = []
  const visit = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (node.type !== 'tag') continue
      const element = node as Element
      if (tags.includes(element.name.toLowerCase())) found.push(element)
      else if (element.name.toLowerCase() !== 'table') visit(element.children)
    }
  }
  visit(root.children)
  return found
}
