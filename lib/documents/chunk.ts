import type { Block } from './extract'

export interface ChunkOptions {
  /** Longest chunk, in characters. */
  maxChars: number
  /** Characters of the previous chunk repeated at the start of the next one, within a section. */
  overlap: number
}

export const defaultChunking: ChunkOptions = { maxChars: 1200, overlap: 0 }

export interface Chunk {
  ordinal: number
  text: string
  /** Headings above this passage, outermost first. */
  headingPath: string[]
  page: number | null
  /** [start, end) in the document's extracted text. */
  start: number
  end: number
  table: number | null
}

const SEPARATOR = '\n\n'

/** The extracted text a person can read, with where each block starts in it. */
export function layout(blocks: Block[]): { text: string; starts: number[] } {
  const starts: number[] = []
  let text = ''
  for (const block of blocks) {
    if (text) text += SEPARATOR
    starts.push(text.length)
    text += block.text
  }
  return { text, starts }
}

/** Sentence-sized pieces of a long paragraph, as [start, end) offsets within it. */
function pieces(text: string, maxChars: number): [number, number][] {
  const sentences: [number, number][] = []
  const boundary = /[.!?…](?=\s+[\p{Lu}\d«"(])|\n/gu
  let from = 0
  for (const match of text.matchAll(boundary)) {
    const to = match.index + match[0].length
    if (to > from) sentences.push([from, to])
    from = to
  }
  if (from < text.length) sentences.push([from, text.length])
  // A "sentence" longer than the limit is cut at the last space before it.
  return sentences.flatMap(([start, end]) => {
    const out: [number, number][] = []
    while (end - start > maxChars) {
      const space = text.lastIndexOf(' ', start + maxChars)
      const cut = space > start + maxChars / 2 ? space : start + maxChars
      out.push([start, cut])
      start = cut
    }
    out.push([start, end])
    return out
  })
}

/**
 * Cuts blocks into chunks that follow the structure: a heading closes the current chunk,
 * paragraphs of one section (or rows of one table, or one page of a PDF) are packed up to
 * maxChars, and a paragraph longer than that is split between sentences.
 */
export function chunkBlocks(blocks: Block[], options: ChunkOptions = defaultChunking): { text: string; chunks: Chunk[] } {
  const { text, starts } = layout(blocks)
  const chunks: Chunk[] = []
  const headings: { level: number; text: string }[] = []
  let current: { start: number; end: number; page: number | null; table: number | null; path: string[] } | null = null

  const close = () => {
    if (!current) return
    const body = text.slice(current.start, current.end).trim()
    if (body) {
      chunks.push({ ordinal: chunks.length, text: body, headingPath: current.path, page: current.page, start: current.start, end: current.end, table: current.table })
    }
    current = null
  }

  const add = (start: number, end: number, page: number | null, table: number | null) => {
    const sameGroup = current && current.page === page && current.table === table
    if (current && sameGroup && end - current.start <= options.maxChars) {
      current.end = end
      return
    }
    const previous: { start: number; end: number } | null = current
    close()
    let from = start
    if (previous && sameGroup && options.overlap > 0) {
      const space = text.indexOf(' ', Math.max(previous.start, previous.end - options.overlap))
      if (space !== -1 && space < previous.end && end - (space + 1) <= options.maxChars) from = space + 1
    }
    current = { start: from, end, page, table, path: headings.map((h) => h.text) }
  }

  blocks.forEach((block, i) => {
    const start = starts[i]
    if (block.kind === 'heading') {
      close()
      const level = block.level ?? 1
      while (headings.length && headings.at(-1)!.level >= level) headings.pop()
      headings.push({ level, text: block.text })
      return
    }
    const page = block.page ?? null
    const table = block.table ?? null
    if (block.text.length <= options.maxChars) return add(start, start + block.text.length, page, table)
    for (const [from, to] of pieces(block.text, options.maxChars)) add(start + from, start + to, page, table)
  })
  close()
  return { text, chunks }
}
