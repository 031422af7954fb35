import path from 'node:path'

/**
 * Fonts shipped with the app (npm packages, read from node_modules at run time, which the
 * bundler leaves alone):
 * - PDFs: DejaVu Sans (@fontsource/dejavu-sans, Bitstream Vera / DejaVu licence, free): Latin,
 *   Greek, Cyrillic, arrows, maths and symbols such as ≥ ✓ → € in one font.
 * - Chart images: Noto Sans TTF (@expo-google-fonts/noto-sans, SIL OFL), as the PNG
 *   rasteriser reads TrueType only.
 */
const modules = () => path.join(process.cwd(), 'node_modules')

export const pdfFontFiles = () => {
  const dir = path.join(modules(), '@fontsource', 'dejavu-sans', 'files')
  return {
    regular: path.join(dir, 'dejavu-sans-latin-400-normal.woff'),
    bold: path.join(dir, 'dejavu-sans-latin-700-normal.woff'),
    italic: path.join(dir, 'dejavu-sans-latin-400-italic.woff'),
    boldItalic: path.join(dir, 'dejavu-sans-latin-700-italic.woff'),
  }
}

export const imageFontFiles = () => {
  const dir = path.join(modules(), '@expo-google-fonts', 'noto-sans')
  return [path.join(dir, '400Regular', 'NotoSans_400Regular.ttf'), path.join(dir, '700Bold', 'NotoSans_700Bold.ttf')]
}

export const PDF_FONT = 'DejaVu Sans'
export const IMAGE_FONT = 'Noto Sans'
