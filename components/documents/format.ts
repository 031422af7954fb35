import type { Locale } from '@/lib/i18n'

/** Shapes the documents page gets from the API (type-only: no server code reaches the browser). */
export type { DocumentInfo } from '@/lib/documents/schemas'
export type { SearchResult } from '@/lib/retrieval'

export interface RagStats {
  documents: number
  chunks: number
  storageBytes: number
  byStatus: Record<'queued' | 'processing' | 'ready' | 'failed', number>
  excluded: number
}

export const acceptedExtensions = ['.pdf', '.docx', '.xlsx', '.csv', '.md', '.markdown', '.txt', '.html', '.htm'] as const
export const acceptAttribute = acceptedExtensions.join(',')

export const hasAcceptedExtension = (name: string) => acceptedExtensions.some((ext) => name.toLowerCase().endsWith(ext))

/** 1536 → "1.5 KB" / "1,5 Ko". */
export function formatBytes(bytes: number, locale: Locale): string {
  const units = locale === 'fr' ? ['o', 'Ko', 'Mo', 'Go', 'To'] : ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1
  return `${new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits }).format(value)} ${units[unit]}`
}

export const formatNumber = (value: number, locale: Locale) => new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB').format(value)

/** Lower case without accents: "Évaluer" and "evaluer" compare equal. */
export const fold = (value: string) => value.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase()

const wordPattern = /[\p{L}\p{N}]+/gu

/** Little words not worth highlighting (folded), French and English. */
const stopWords = new Set(
  'a an and are as at be by do does for from how i in is it my of on or the to what when where which who why with de des du en et est la le les un une au aux ce ces dans par pour que qui quoi sur ou je il elle on mon ma mes ai a'.split(' '),
)

/** The words of a question worth highlighting (two letters or more, not a little word), folded. */
export function questionWords(query: string): string[] {
  return [...new Set((query.match(wordPattern) ?? []).map(fold).filter((word) => word.length >= 2 && !stopWords.has(word)))]
}

/**
 * The passage cut into plain and highlighted parts: a word is highlighted when it equals a
 * question word once folded, or starts with a question word of 4+ letters (plurals). The
 * parts are rendered as text nodes and <mark>s: nothing is ever parsed as HTML.
 */
export function highlightParts(text: string, words: string[]): { text: string; mark: boolean; at: number }[] {
  if (!words.length) return [{ text, mark: false, at: 0 }]
  const parts: { text: string; mark: boolean; at: number }[] = []
  let last = 0
  for (const match of text.matchAll(wordPattern)) {
    const folded = fold(match[0])
    const hit = words.some((word) => folded === word || (word.length >= 4 && folded.startsWith(word)))
    if (!hit) continue
    const at = match.index ?? 0
    if (at > last) parts.push({ text: text.slice(last, at), mark: false, at: last })
    parts.push({ text: match[0], mark: true, at })
    last = at + match[0].length
  }
  if (last < text.length) parts.push({ text: text.slice(last), mark: false, at: last })
  return parts
}

export interface TextSegment {
  key: string
  text: string
  /** The chunk this segment starts, or null for text between chunks. */
  chunk: { ordinal: number; page: number | null; headingPath: string[]; index: number } | null
}

/**
 * Cuts the document text at chunk boundaries: each chunk becomes one segment from its start
 * to its end (or to the next chunk's start, when chunks overlap), and text between chunks
 * becomes a plain segment.
 */
export function segmentText(text: string, chunks: { ordinal: number; start: number; end: number; page: number | null; headingPath: string[] }[]): TextSegment[] {
  const sorted = [...chunks].sort((a, b) => a.start - b.start || a.ordinal - b.ordinal)
  const segments: TextSegment[] = []
  let cursor = 0
  sorted.forEach((chunk, index) => {
    const start = Math.max(chunk.start, cursor)
    const next = sorted[index + 1]
    const end = Math.min(Math.max(chunk.end, start), next ? Math.max(next.start, start) : text.length, text.length)
    if (start > cursor) segments.push({ key: `gap-${cursor}`, text: text.slice(cursor, start), chunk: null })
    segments.push({ key: `chunk-${chunk.ordinal}-${start}`, text: text.slice(start, end), chunk: { ordinal: chunk.ordinal, page: chunk.page, headingPath: chunk.headingPath, index } })
    cursor = Math.max(cursor, end)
  })
  if (cursor < text.length) segments.push({ key: `gap-${cursor}`, text: text.slice(cursor), chunk: null })
  return segments
}
