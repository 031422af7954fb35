import { describe, expect, it } from 'vitest'
import type { Artifact, ArtifactContent, ChartContent, TableContent } from '../artifacts/schemas'
import { dictionaries } from '../i18n/dictionaries'
import { translator } from '../i18n'
import { pdfFonts, pdfText } from '@/tests/support/files'
import { PDF_TABLE_ROWS, PdfWriter } from './pdf'

const artifact = (kind: Artifact['kind'], content: ArtifactContent): Artifact => ({
  id: crypto.randomUUID(), workspaceId: crypto.randomUUID(), conversationId: crypto.randomUUID(), messageId: null, kind, title: 'x', version: 1, content, author: 'person', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
})

async function pdfOf(title: string, write: (pdf: PdfWriter) => void, locale: 'en' | 'fr' = 'en') {
  const pdf = new PdfWriter({ title, subtitle: 'Espace Démo', language: locale, t: translator(dictionaries[locale]) })
  write(pdf)
  const bytes = await pdf.finish()
  return { bytes, text: pdfText(bytes), pages: pdfText(bytes).split('\f').filter((page) => page.trim()) }
}

describe('the PDF writer, read back by poppler', () => {
  it('renders Markdown: headings, emphasis, lists, quotes, code, tables, French, Greek, Cyrillic and symbols in the shipped font', async () => {
    const markdown = [
      '# Résumé été',
      'Un *texte* avec **gras**, `code`, ~~barré~~, [un lien](https://example.com) et [un piège](javascript:alert(1)).',
      '> Une citation',
      '1. premier\n2. second\n   - imbriqué',
      '- [x] fait',
      '```python\ndef f():\n    return "Жизнь → ✓ ≥ €"\n```',
      '| Ville | Montant |\n|---|--:|\n| Łódź | 12,5 |\n| Αθήνα | 3 |',
    ].join('\n\n')
    const { bytes, text } = await pdfOf('Note', (pdf) => pdf.artifact(artifact('document', { markdown })), 'fr')
    for (const expected of ['Résumé été', 'Un texte avec gras, code, barré, un lien et un piège.', 'Une citation', '1. premier', '2. second', '• imbriqué', '☑ fait', 'def f():', 'return "Жизнь → ✓ ≥ €"', 'Łódź', '12,5', 'Αθήνα']) expect(text).toContain(expected)
    expect(pdfFonts(bytes)).toMatch(/DejaVuSans-Bold\s+CID TrueType.*yes yes yes/)
    expect(pdfFonts(bytes)).toMatch(/DejaVuSans-Oblique\s+CID TrueType.*yes yes yes/)
    // Links are annotations with their address; a javascript: link is left as plain text.
    const raw = bytes.toString('latin1')
    expect(raw).toContain('/URI (https://example.com)')
    expect(raw).not.toContain('javascript')
  })

  it('lays right-to-left words out in visual order, right-aligned, and keeps left-to-right words in them readable', async () => {
    const read = await pdfOf('RTL', (pdf) => pdf.markdown('مرحبا بالعالم\n\nשלום עולם\n\nabc مرحبا بالعالم def'))
    // poppler reads the drawn words back into their logical order, spaces included (its embedding marks aside).
    const text = read.text.replace(/[\u202a-\u202e]/g, '')
    expect(text).toContain('مرحبا بالعالم')
    expect(text).toContain('שלום עולם')
    expect(text).toMatch(/def\s*مرحبا بالعالم\s*abc|abc\s*مرحبا بالعالم\s*def/)
  })

  it('breaks a long table across pages with its header on each, and numbers the pages', async () => {
    const table: TableContent = { columns: [{ name: 'Mois', type: 'text' }, { name: 'Montant (€)', type: 'number' }], rows: Array.from({ length: 120 }, (_, i) => [`Ligne ${i + 1}`, i * 1.5]) }
    const { pages } = await pdfOf('Chiffres', (pdf) => pdf.dataTable(table))
    expect(pages.length).toBeGreaterThan(2)
    pages.forEach((page, i) => {
      expect(page).toMatch(/Mois\s+Montant \(€\)/)
      expect(page).toMatch(new RegExp(`${i + 1} ?/ ?${pages.length}`))
    })
    const all = pages.join('\n')
    for (let i = 1; i <= 120; i++) expect(all).toMatch(new RegExp(`Ligne ${i}\\s+${String((i - 1) * 1.5).replace('.', '\\.')}\\n`))
  })

  it('counts the rows and columns a PDF leaves to the XLSX', async () => {
    const wide: TableContent = { columns: Array.from({ length: 20 }, (_, i) => ({ name: `c${i}`, type: 'number' as const })), rows: Array.from({ length: PDF_TABLE_ROWS + 7 }, () => Array(20).fill(1)) }
    const { text } = await pdfOf('Large', (pdf) => pdf.dataTable(wide), 'fr')
    expect(text).toContain('7 lignes de plus dans l’export XLSX.')
    expect(text).toMatch(/\d+ colonnes de plus dans l’export XLSX\./)
  })

  it('draws a chart as vectors with its axis labels, and keeps a word longer than a line', async () => {
    const chart: ChartContent = { chartType: 'bar', data: { columns: [{ name: 'Mois', type: 'text' }, { name: 'Ventes', type: 'number' }], rows: [['Janv.', 10], ['Févr.', 20]] }, x: 'Mois', series: ['Ventes'], xLabel: 'Mois de l’année', yLabel: 'Ventes (k€)' }
    const long = 'x'.repeat(300)
    const { bytes, text } = await pdfOf('Graphique', (pdf) => {
      pdf.chart(chart)
      pdf.text([{ text: long }])
    })
    for (const expected of ['Janv.', 'Févr.', 'Mois de l’année', 'Ventes (k€)']) expect(text).toContain(expected)
    expect(bytes.toString('latin1')).not.toContain('/Subtype /Image')
    expect(text.replace(/\s+/g, '')).toContain(long)
  })
})
