import { Resvg } from '@resvg/resvg-js'
import { IMAGE_FONT, imageFontFiles } from './fonts'

/** An SVG of ours (a chart) as PNG, drawn with the shipped font; `width` in pixels. */
export function svgToPng(svg: string, width: number): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: { fontFiles: imageFontFiles(), loadSystemFonts: false, defaultFontFamily: IMAGE_FONT },
  })
  return resvg.render().asPng()
}
