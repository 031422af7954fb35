import type { ChildNode, Element } from 'domhandler'
import { parseDocument } from 'htmlparser2'
import { DocumentError } from '../errors'
import { readZipEntries } from '../zip'
import { cleanText, tableBlocks, type Block, type Table } from './model'

const decoder = new TextDecoder()
const elements = (nodes: ChildNode[]) => nodes.filter((node): node is Element => node.type === 'tag')
const child = (element: Element, name: string) => elements(element.children).find((node) => node.name === name)

/** Visible text of a Word paragraph or cell: runs, tabs and breaks. */
function textOf(element: Element): string {
  let text = ''
  const visit = (nodes: ChildNode[]) => {
    for (const node of elements(nodes)) {
      if (node.name === 'w:t') text += node.children.map((c) => (c.type === 'text' ? c.data : '')).join('')
      else if (node.name === 'w:tab') text += ' '
      else if (node.name === 'w:br' || node.name === 'w:cr') text += '\n'
      else if (node.name !== 'w:instrText' && node.name !== 'w:delText') visit(node.children)
    }
  }
  visit(element.children)
  return text
}

/** Heading level of a style: from its name ("heading 2", "Titre 2", "Title") or outline level. */
function headingLevels(stylesXml: string | null): Map<string, number> {
  const levels = new Map<string, number>()
  if (!stylesXml) return levels
  const document = parseDocument(stylesXml, { xmlMode: true })
  const visit = (nodes: ChildNode[]) => {
    for (const node of elements(nodes)) {
      if (node.name === 'w:style') {
        const id = node.attribs['w:styleId']
        const name = child(node, 'w:name')?.attribs['w:val'] ?? ''
        const outline = child(child(node, 'w:pPr') ?? node, 'w:outlineLvl')?.attribs['w:val']
        const match = /^(?:heading|titre)\s*(\d)$/i.exec(name)
        if (match) levels.set(id, Number(match[1]))
        else if (/^title$/i.test(name)) levels.set(id, 1)
        else if (outline !== undefined && Number(outline) < 9) levels.set(id, Number(outline) + 1)
      } else visit(node.children)
    }
  }
  visit(document.children)
  return levels
}

export function extractDocx(bytes: Uint8Array): { blocks: Block[]; tables: Table[]; title: string | null } {
  const files = readZipEntries(bytes, (name) => name === 'word/document.xml' || name === 'word/styles.xml')
  const documentXml = files['word/document.xml']
  if (!documentXml) throw new DocumentError('damaged', 'word/document.xml is missing')
  const levels = headingLevels(files['word/styles.xml'] ? decoder.decode(files['word/styles.xml']) : null)
  const root = parseDocument(decoder.decode(documentXml), { xmlMode: true })
  const body = elements(root.children).flatMap((node) => (node.name === 'w:document' ? elements(node.children) : [])).find((node) => node.name === 'w:body')
  if (!body) throw new DocumentError('damaged', 'the document has no body')

  const blocks: Block[] = []
  const tables: Table[] = []
  let title: string | null = null
  for (const node of elements(body.children)) {
    if (node.name === 'w:p') {
      const text = cleanText(textOf(node))
      if (!text) continue
      const style = child(child(node, 'w:pPr') ?? node, 'w:pStyle')?.attribs['w:val']
      const level = style ? (levels.get(style) ?? /^(?:heading|titre)(\d)$/i.exec(style)?.[1]) : undefined
      if (level !== undefined) {
        if (title === null && Number(level) === 1) title = text
        blocks.push({ kind: 'heading', text, level: Number(level) })
      } else blocks.push({ kind: 'paragraph', text })
    } else if (node.name === 'w:tbl') {
      const rows = elements(node.children)
        .filter((row) => row.name === 'w:tr')
        .map((row) => elements(row.children).filter((cell) => cell.name === 'w:tc').map((cell) => cleanText(textOf(cell))))
      if (!rows.length) continue
      const [columns, ...rest] = rows
      const table: Table = { name: `Table ${tables.length + 1}`, columns, rows: rest, totalRows: rest.length }
      blocks.push(...tableBlocks(table, tables.length))
      tables.push(table)
    }
  }
  return { blocks, tables, title }
}
