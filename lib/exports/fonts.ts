import { readFileSync } from 'node:fs'
import path from 'node:path'
import { inflateSync } from 'node:zlib'

/**
 * Fonts shipped with the app (npm packages, read from node_modules at run time, which the
 * bundler leaves alone):
 * - PDFs: DejaVu Sans (@fontsource/dejavu-sans, Bitstream Vera / DejaVu licence, free): Latin,
 *   Greek, Cyrillic, arrows, maths and symbols such as ≥ ✓ → € in one font.
 * - Chart images: Noto Sans TTF (@expo-google-fonts/noto-sans, SIL OFL), as the PNG
 *   rasteriser reads TrueType only.
 */
const modules = () => path.join(process.cwd(), 'node_modules')

/**
 * A WOFF 1.0 font as the TrueType font it wraps (tables inflated, directory rebuilt). The PDF
 * writer's font reader (fontkit) inflates a WOFF table again on each glyph read: with the plain
 * TrueType a long PDF lays out several times faster.
 */
export function woffToTtf(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF 1.0 font')
  const flavor = woff.readUInt32BE(4)
  const count = woff.readUInt16BE(12)
  const tables = Array.from({ length: count }, (_, i) => {
    const at = 44 + i * 20
    const [tag, offset, compressed, length, checksum] = [woff.readUInt32BE(at), woff.readUInt32BE(at + 4), woff.readUInt32BE(at + 8), woff.readUInt32BE(at + 12), woff.readUInt32BE(at + 16)]
    const raw = woff.subarray(offset, offset + compressed)
    return { tag, checksum, data: compressed < length ? inflateSync(raw) : raw }
  })
  const power = 2 ** Math.floor(Math.log2(count))
  const header = Buffer.alloc(12 + count * 16)
  header.writeUInt32BE(flavor, 0)
  header.writeUInt16BE(count, 4)
  header.writeUInt16BE(power * 16, 6)
  header.writeUInt16BE(Math.log2(power), 8)
  header.writeUInt16BE(count * 16 - power * 16, 10)
  let offset = header.length
  const bodies: Buffer[] = []
  tables.forEach((table, i) => {
    header.writeUInt32BE(table.tag, 12 + i * 16)
    header.writeUInt32BE(table.checksum, 16 + i * 16)
    header.writeUInt32BE(offset, 20 + i * 16)
    header.writeUInt32BE(table.data.length, 24 + i * 16)
    const padded = Buffer.alloc(Math.ceil(table.data.length / 4) * 4)
    table.data.copy(padded)
    bodies.push(padded)
    offset += padded.length
  })
  return Buffer.concat([header, ...bodies])
}

/** The PDF fonts as TrueType, unwrapped once per process. */
export const pdfFonts = (() => {
  let fonts: Record<'regular' | 'bold' | 'italic' | 'boldItalic', Buffer> | undefined
  return () => {
    const dir = path.join(modules(), '@fontsource', 'dejavu-sans', 'files')
    const ttf = (name: string) => woffToTtf(readFileSync(path.join(dir, `dejavu-sans-latin-${name}.woff`)))
    fonts ??= { regular: ttf('400-normal'), bold: ttf('700-normal'), italic: ttf('400-italic'), boldItalic: ttf('700-italic') }
    return fonts
  }
})()

export const imageFontFiles = () => {
  const dir = path.join(modules(), '@expo-google-fonts', 'noto-sans')
  return [path.join(dir, '400Regular', 'NotoSans_400Regular.ttf'), path.join(dir, '700Bold', 'NotoSans_700Bold.ttf')]
}

export const IMAGE_FONT = 'Noto Sans'
