import { describe, expect, it } from 'vitest'
import { encryptPdf, makeDocx, makePdf, makeXlsx, makeZipBomb } from '@/tests/support/fixtures'
import { chunkBlocks } from './chunk'
import { detectType } from './detect'
import { DocumentError } from './errors'
import { extract } from './extract'
import { detectLanguage } from './language'

const bytes = (text: string) => new TextEncoder().encode(text)

async function extractFile(data: Uint8Array, name: string) {
  return extract(data, detectType(data, name), name)
}

async function failure(run: () => unknown): Promise<string> {
  try {
    await run()
  } catch (error) {
    if (error instanceof DocumentError) return error.reason
    throw error
  }
  throw new Error('expected a DocumentError')
}

describe('type detection', () => {
  it('trusts content over the name', async () => {
    expect(detectType(makePdf([[['Hello', 12]]]), 'report.txt')).toBe('pdf')
    expect(detectType(makeDocx([{ paragraph: 'x' }]), 'data.xlsx')).toBe('docx')
    expect(detectType(await makeXlsx({ S: [['a']] }), 'notes.docx')).toBe('xlsx')
    expect(detectType(bytes('<!DOCTYPE html><p>x</p>'), 'page.txt')).toBe('html')
    expect(detectType(bytes('# Title\n\nText'), 'notes')).toBe('markdown')
    expect(detectType(bytes('a;b\n1;2'), 'table.csv')).toBe('csv')
    expect(detectType(bytes('just words'), 'readme')).toBe('text')
  })

  it('names what it refuses', async () => {
    expect(await failure(() => detectType(new Uint8Array(), 'empty.pdf'))).toBe('empty')
    expect(await failure(() => detectType(new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0]), 'invoice.pdf'))).toBe('unsupported_type')
    expect(await failure(() => detectType(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1]), 'data.csv'))).toBe('unsupported_type')
    expect(await failure(() => detectType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'scan.pdf'))).toBe('unsupported_type')
    expect(await failure(() => detectType(new Uint8Array([0, 1, 2, 3, 0, 0, 9]), 'blob.txt'))).toBe('unsupported_type')
  })
})

describe('extraction', () => {
  it('reads PDF pages, headings and paragraphs, with accents', async () => {
    const pdf = makePdf(
      [
        [['Rapport annuel', 24], ['La société a réalisé un chiffre', 11], ["d'affaires de 12 millions d'euros en 2023.", 11]],
        [['Perspectives', 24], ['Les équipes prévoient une croissance de 8 % pour les prochaines années.', 11]],
      ],
      'Rapport 2023',
    )
    const result = await extractFile(pdf, 'rapport.pdf')
    expect(result.pages).toBe(2)
    expect(result.title).toBe('Rapport 2023')
    expect(result.language).toBe('fr')
    expect(result.blocks).toEqual([
      { kind: 'heading', text: 'Rapport annuel', level: 1, page: 1 },
      { kind: 'paragraph', text: "La société a réalisé un chiffre d'affaires de 12 millions d'euros en 2023.", page: 1 },
      { kind: 'heading', text: 'Perspectives', level: 1, page: 2 },
      { kind: 'paragraph', text: 'Les équipes prévoient une croissance de 8 % pour les prochaines années.', page: 2 },
    ])
  })

  it('tells a password-protected, a damaged and a textless PDF apart', async () => {
    const pdf = makePdf([[['Confidential figures', 12]]])
    expect(await failure(() => extractFile(encryptPdf(pdf), 'locked.pdf'))).toBe('password_protected')
    expect(await failure(() => extractFile(pdf.subarray(0, 120), 'cut.pdf'))).toBe('damaged')
    expect(await failure(() => extractFile(makePdf([[]]), 'scan.pdf'))).toBe('no_text')
  })

  it('reads DOCX headings, paragraphs and tables', async () => {
    const docx = makeDocx([
      { heading: 'Onboarding guide', level: 1 },
      { paragraph: 'Welcome to the team. This guide explains the first week.' },
      { heading: 'Equipment', level: 2 },
      { table: [['Item', 'Owner'], ['Laptop', 'IT desk']] },
    ])
    const result = await extractFile(docx, 'guide.docx')
    expect(result.title).toBe('Onboarding guide')
    expect(result.language).toBe('en')
    expect(result.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['heading', 'Onboarding guide'],
      ['paragraph', 'Welcome to the team. This guide explains the first week.'],
      ['heading', 'Equipment'],
      ['row', 'Item: Laptop · Owner: IT desk'],
    ])
    expect(result.tables).toEqual([{ name: 'Table 1', columns: ['Item', 'Owner'], rows: [['Laptop', 'IT desk']], totalRows: 1 }])
  })

  it('reads XLSX sheets as tables whose rows carry the header, with typed cells', async () => {
    const xlsx = await makeXlsx({
      Ventes: [
        ['Mois', 'Région', 'Montant'],
        [new Date(Date.UTC(2023, 0, 1)), 'Île-de-France', 1200.5],
        [new Date(Date.UTC(2023, 1, 1)), 'Bretagne', { formula: '2*400', result: 800 }],
      ],
    })
    const result = await extractFile(xlsx, 'ventes.xlsx')
    expect(result.tables[0]).toEqual({ name: 'Ventes', columns: ['Mois', 'Région', 'Montant'], rows: [['2023-01-01', 'Île-de-France', 1200.5], ['2023-02-01', 'Bretagne', 800]], totalRows: 2 })
    expect(result.blocks[1]).toEqual({ kind: 'row', text: 'Mois: 2023-01-01 · Région: Île-de-France · Montant: 1200.5', table: 0 })
  })

  it('refuses zip bombs disguised as workbooks or documents', async () => {
    expect(await failure(() => extractFile(makeZipBomb('xlsx'), 'bomb.xlsx'))).toBe('too_large')
    expect(await failure(() => extractFile(makeZipBomb('docx'), 'bomb.docx'))).toBe('too_large')
  })

  it('reads CSV with ; and quotes, Markdown structure and HTML without scripts', async () => {
    const csv = await extractFile(bytes('Nom;Ville;"Note, sur 20"\n"Dupont; Jean";Lyon;"15,5"\n'), 'notes.csv')
    expect(csv.tables[0].columns).toEqual(['Nom', 'Ville', 'Note, sur 20'])
    expect(csv.tables[0].rows).toEqual([['Dupont; Jean', 'Lyon', 15.5]])

    const md = await extractFile(bytes('# Guide\n\nIntro text here.\n\n## Install\n\n```sh\nnpm install\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n'), 'guide.md')
    expect(md.title).toBe('Guide')
    expect(md.blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'heading', 'code', 'row'])

    const html = await extractFile(bytes('<html><head><title>Aide</title><script>alert(1)</script></head><body><nav>Menu</nav><h1>Aide</h1><p>Le service est ouvert <b>du lundi</b> au vendredi.</p><style>p{}</style></body></html>'), 'aide.html')
    expect(html.title).toBe('Aide')
    expect(html.blocks).toEqual([
      { kind: 'heading', text: 'Aide', level: 1 },
      { kind: 'paragraph', text: 'Le service est ouvert du lundi au vendredi.' },
    ])
  })

  it('detects French and English', () => {
    expect(detectLanguage('Les documents de la société sont dans le dossier partagé.')).toBe('fr')
    expect(detectLanguage('The documents of the company are in the shared folder.')).toBe('en')
    expect(detectLanguage('12 34 56')).toBe('other')
  })
})

describe('chunking', () => {
  it('follows headings, packs paragraphs up to the limit and keeps offsets exact', () => {
    const long = 'Une phrase assez longue pour remplir le morceau. '.repeat(30).trim()
    const { text, chunks } = chunkBlocks(
      [
        { kind: 'heading', text: 'Guide', level: 1 },
        { kind: 'paragraph', text: 'Premier paragraphe.' },
        { kind: 'paragraph', text: 'Second paragraphe.' },
        { kind: 'heading', text: 'Détails', level: 2 },
        { kind: 'paragraph', text: long },
      ],
      { maxChars: 500, overlap: 0 },
    )
    expect(chunks[0]).toMatchObject({ text: 'Premier paragraphe.\n\nSecond paragraphe.', headingPath: ['Guide'] })
    expect(chunks.slice(1).every((c) => c.headingPath.join('>') === 'Guide>Détails' && c.text.length <= 500)).toBe(true)
    expect(chunks.slice(1).map((c) => c.text).join(' ')).toBe(long)
    for (const chunk of chunks) expect(text.slice(chunk.start, chunk.end).trim()).toBe(chunk.text)
  })

  it('never mixes pages or tables in one chunk, and repeats the overlap within a section', () => {
    const { chunks } = chunkBlocks(
      [
        { kind: 'paragraph', text: 'Page one text.', page: 1 },
        { kind: 'paragraph', text: 'Page two text.', page: 2 },
        { kind: 'row', text: 'A: 1', table: 0 },
        { kind: 'row', text: 'A: 2', table: 0 },
      ],
      { maxChars: 100, overlap: 0 },
    )
    expect(chunks.map((c) => [c.text, c.page, c.table])).toEqual([
      ['Page one text.', 1, null],
      ['Page two text.', 2, null],
      ['A: 1\n\nA: 2', null, 0],
    ])
    const overlapped = chunkBlocks([{ kind: 'paragraph', text: 'Alpha beta gamma delta. Epsilon zeta eta theta.' }], { maxChars: 40, overlap: 12 }).chunks
    expect(overlapped.map((c) => c.text)).toEqual(['Alpha beta gamma delta.', 'delta. Epsilon zeta eta theta.'])
  })
})
