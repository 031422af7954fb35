import { DocumentError } from './errors'
import { listZip } from './zip'

export const documentTypes = ['pdf', 'docx', 'xlsx', 'csv', 'markdown', 'text', 'html'] as const
export type DocumentType = (typeof documentTypes)[number]

export const mediaTypes: Record<DocumentType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  markdown: 'text/markdown',
  text: 'text/plain',
  html: 'text/html',
}

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) => signature.every((byte, i) => bytes[offset + i] === byte)
const extension = (name: string) => name.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? ''

function binaryKind(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x4d, 0x5a])) return 'a Windows program'
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'a Linux program'
  if (startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe]) || startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe])) return 'a macOS program'
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'an old Office file (.doc/.xls): save it as .docx or .xlsx'
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]) || startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'an image'
  if (startsWith(bytes, [0x1f, 0x8b]) || startsWith(bytes, [0x52, 0x61, 0x72, 0x21]) || startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf])) return 'a compressed archive'
  return null
}

/** Text content as a string, or null when the bytes are not text. */
export function decodeText(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  const sample = bytes.subarray(0, 8192)
  if (sample.includes(0)) return null
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    const text = new TextDecoder('windows-1252').decode(bytes)
    const controls = (text.slice(0, 8192).match(/[\u0000-\u0008\u000e-\u001f]/g) ?? []).length
    return controls > 8 ? null : text
  }
}

/** The type of an upload from its content, with its name to tell text formats apart. */
export function detectType(bytes: Uint8Array, name: string): DocumentType {
  if (bytes.length === 0) throw new DocumentError('empty')
  const head = bytes.subarray(0, 1024)
  const pdfAt = Buffer.from(head).indexOf('%PDF-')
  if (pdfAt !== -1) return 'pdf'
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const names = new Set(listZip(bytes).map((entry) => entry.name))
    if (names.has('word/document.xml')) return 'docx'
    if (names.has('xl/workbook.xml')) return 'xlsx'
    throw new DocumentError('unsupported_type', 'a ZIP archive that is neither a Word nor an Excel file')
  }
  const binary = binaryKind(bytes)
  if (binary) throw new DocumentError('unsupported_type', binary)
  const text = decodeText(bytes)
  if (text === null) throw new DocumentError('unsupported_type', 'binary content')
  const ext = extension(name)
  if (ext === 'csv' || ext === 'tsv') return 'csv'
  if (ext === 'md' || ext === 'markdown') return 'markdown'
  if (ext === 'html' || ext === 'htm' || /^\s*(<!doctype html|<html[\s>])/i.test(text.slice(0, 1000))) return 'html'
  if (ext === 'txt' || ext === 'text') return 'text'
  if (/^#{1,6} \S/m.test(text.slice(0, 5000))) return 'markdown'
  return 'text'
}
