import { getDocumentProxy } from 'unpdf'
import { DocumentError } from '../errors'
import { cleanText, type Block } from './model'

interface Line {
  text: string
  y: number
  size: number
}

/** Lines of a page from pdf.js text items, with their baseline and font size. */
function linesOf(items: { str: string; transform: number[]; hasEOL: boolean }[]): Line[] {
  const lines: Line[] = []
  let text = ''
  let y = 0
  let size = 0
  for (const item of items) {
    if (!text) {
      y = item.transform[5]
      size = Math.hypot(item.transform[2], item.transform[3])
    }
    text += item.str
    if (item.hasEOL) {
      if (text.trim()) lines.push({ text: text.trim(), y, size })
      text = ''
    }
  }
  if (text.trim()) lines.push({ text: text.trim(), y, size })
  return lines
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

/** The font size that carries the most text in the document: its body text. */
function bodySizeOf(pages: Line[][]): number {
  const weight = new Map<number, number>()
  for (const line of pages.flat()) {
    const size = Math.round(line.size * 2) / 2
    weight.set(size, (weight.get(size) ?? 0) + line.text.length)
  }
  return [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0
}

/** Paragraphs (a wider gap between lines) and headings (a larger font than the body) of one page. */
function pageBlocks(lines: Line[], page: number, bodySize: number): Block[] {
  const gaps = lines.slice(1).map((line, i) => Math.abs(lines[i].y - line.y)).filter((gap) => gap > 0)
  const lineGap = median(gaps) || bodySize * 1.2
  const blocks: Block[] = []
  let current: string[] = []
  const flush = () => {
    const text = cleanText(current.join(' ').replace(/(\w)- (\w)/g, '$1$2'))
    if (text) blocks.push({ kind: 'paragraph', text, page })
    current = []
  }
  lines.forEach((line, i) => {
    const gap = i === 0 ? 0 : Math.abs(lines[i - 1].y - line.y)
    const heading = bodySize > 0 && line.size >= bodySize * 1.25 && line.text.length <= 200
    if (heading) {
      flush()
      blocks.push({ kind: 'heading', text: cleanText(line.text), level: line.size >= bodySize * 1.6 ? 1 : 2, page })
      return
    }
    if (gap > lineGap * 1.5) flush()
    current.push(line.text)
  })
  flush()
  return blocks
}

/** Structural damage pdf.js works around but poppler and other readers refuse. */
const damageWarnings = /invalid \/Pages tree|circular reference/i

/**
 * pdf.js reports repairs only as "Warning: …" lines on console.warn: collect them while `fn` runs
 * (ingestion extracts one PDF at a time) instead of printing them.
 */
async function collectingPdfWarnings<T>(fn: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = []
  const warn = console.warn
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('Warning: ')) warnings.push(args[0].slice(9))
    else warn(...args)
  }
  try {
    return { result: await fn(), warnings }
  } finally {
    console.warn = warn
  }
}

/** Text of every page, page by page so memory stays bounded on large files. */
export async function extractPdf(bytes: Uint8Array): Promise<{ blocks: Block[]; pages: number; title: string | null }> {
  const { result, warnings } = await collectingPdfWarnings(() => readPdf(bytes))
  const damage = warnings.find((warning) => damageWarnings.test(warning))
  if (damage) throw new DocumentError('damaged', damage)
  return result
}

async function readPdf(bytes: Uint8Array): Promise<{ blocks: Block[]; pages: number; title: string | null }> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), { stopAtErrors: false, verbosity: 1 })
  } catch (error) {
    const name = (error as Error)?.name
    if (name === 'PasswordException') throw new DocumentError('password_protected')
    throw new DocumentError('damaged', (error as Error)?.message)
  }
  try {
    const pages: Line[][] = []
    for (let page = 1; page <= pdf.numPages; page++) {
      const handle = await pdf.getPage(page)
      const content = await handle.getTextContent()
      pages.push(linesOf(content.items.filter((item) => 'str' in item) as never))
      handle.cleanup()
    }
    const bodySize = bodySizeOf(pages)
    const blocks = pages.flatMap((lines, i) => pageBlocks(lines, i + 1, bodySize))
    const info = (await pdf.getMetadata().catch(() => null))?.info as { Title?: string } | undefined
    return { blocks, pages: pdf.numPages, title: info?.Title?.trim() || null }
  } catch (error) {
    if (error instanceof DocumentError) throw error
    throw new DocumentError('damaged', (error as Error)?.message)
  } finally {
    await pdf.loadingTask.destroy()
  }
}
