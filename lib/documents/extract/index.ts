import type { DocumentType } from '../detect'
import { decodeText } from '../detect'
import { DocumentError } from '../errors'
import { detectLanguage } from '../language'
import { extractDocx } from './docx'
import { extractHtml } from './html'
import type { Extracted } from './model'
import { extractPdf } from './pdf'
import { extractCsv, extractMarkdown, extractPlainText } from './text'
import { extractXlsx } from './xlsx'

export type { Block, Cell, Extracted, Table } from './model'

/** The structured text of a document whose type was detected from its content. */
export async function extract(bytes: Uint8Array, type: DocumentType, name: string): Promise<Extracted> {
  const text = () => {
    const decoded = decodeText(bytes)
    if (decoded === null) throw new DocumentError('unsupported_type', 'binary content')
    return decoded
  }
  const base = { title: null, tables: [], pages: null }
  const parts =
    type === 'pdf'
      ? await extractPdf(bytes)
      : type === 'docx'
        ? extractDocx(bytes)
        : type === 'xlsx'
          ? await extractXlsx(bytes)
          : type === 'csv'
            ? extractCsv(text(), name.replace(/\.[^.]+$/, ''))
            : type === 'markdown'
              ? extractMarkdown(text())
              : type === 'html'
                ? extractHtml(text())
                : { blocks: extractPlainText(text()) }
  const result = { ...base, ...parts }
  if (!result.blocks.some((block) => block.text.trim())) throw new DocumentError('no_text')
  const language = detectLanguage(result.blocks.map((block) => block.text).join('\n'))
  return { ...result, language }
}
