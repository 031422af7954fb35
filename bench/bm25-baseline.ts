// The plain BM25 baseline of `npm run eval:retrieval`: what a textbook ranker does with the same
// documents, to compare Monitora's retrieval with. Every paragraph of a Markdown file is one unit
// (split at blank lines, the `# Title` line left out); words are runs of letters and digits,
// lower-cased, without stemming or accent folding, minus a short list of the most common words
// of the language; k1 = 1.2, b = 0.75.

export interface Paragraph {
  /** The file the paragraph comes from (its base name). */
  documentName: string
  text: string
}

/** The most common words of each language: a short stop list, as a plain baseline uses. */
export const baselineStopWords = {
  en: new Set('a an and are as at be by for from has have in is it its of on or that the this to was were what which who whom whose when where why how did do does with'.split(' ')),
  fr: new Set('le la les l un une des du de d et est sont en au aux a à dans par pour sur qui que qu quel quelle quels quelles quoi ce cette ces se s il elle ils elles y ont été était'.split(' ')),
}

/** The paragraphs of a Markdown document: blocks between blank lines, without the title heading. */
export function paragraphs(documentName: string, markdown: string): Paragraph[] {
  return markdown
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.trim())
    .filter((block) => block && !/^#\s/.test(block))
    .map((text) => ({ documentName, text }))
}

/** Lower-cased runs of letters and digits, without the stop words. */
export function plainTokens(text: string, stop: ReadonlySet<string>): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((token) => !stop.has(token))
}

/** Okapi BM25 over in-memory units. */
export class PlainBM25 {
  private readonly postings = new Map<string, { unit: number; tf: number }[]>()
  private readonly lengths: number[]
  private readonly averageLength: number

  constructor(
    units: string[][],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.lengths = units.map((tokens) => tokens.length)
    this.averageLength = this.lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, units.length)
    units.forEach((tokens, unit) => {
      const counts = new Map<string, number>()
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1)
      for (const [term, tf] of counts) {
        let list = this.postings.get(term)
        if (!list) this.postings.set(term, (list = []))
        list.push({ unit, tf })
      }
    })
  }

  /** The indexes of the best units for a tokenised query, best first (ties: earlier unit first). */
  search(query: string[], limit: number): { unit: number; score: number }[] {
    const n = this.lengths.length
    const scores = new Map<number, number>()
    for (const term of new Set(query)) {
      const list = this.postings.get(term)
      if (!list) continue
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5))
      for (const { unit, tf } of list) {
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[unit]) / this.averageLength)
        scores.set(unit, (scores.get(unit) ?? 0) + (idf * tf * (this.k1 + 1)) / (tf + norm))
      }
    }
    return [...scores]
      .map(([unit, score]) => ({ unit, score }))
      .sort((x, y) => y.score - x.score || x.unit - y.unit)
      .slice(0, limit)
  }
}

/** A ready-to-query baseline over the paragraphs of some documents. */
export function baselineIndex(documents: { name: string; markdown: string }[], language: 'en' | 'fr' | 'both') {
  const stop = language === 'both' ? new Set([...baselineStopWords.en, ...baselineStopWords.fr]) : baselineStopWords[language]
  const units = documents.flatMap((document) => paragraphs(document.name, document.markdown))
  const bm25 = new PlainBM25(units.map((unit) => plainTokens(unit.text, stop)))
  return {
    units,
    search: (question: string, limit: number) => bm25.search(plainTokens(question, stop), limit).map(({ unit, score }) => ({ ...units[unit], score })),
  }
}
