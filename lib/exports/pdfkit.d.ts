/** The part of pdfkit's API that lib/exports/pdf.ts uses (pdfkit ships no types). */
declare module 'pdfkit' {
  import type { Readable } from 'node:stream'

  interface DocumentOptions {
    size?: [number, number] | string
    margins?: { top: number; bottom: number; left: number; right: number }
    bufferPages?: boolean
    autoFirstPage?: boolean
    lang?: string
    displayTitle?: boolean
    info?: { Title?: string; Author?: string; Creator?: string; Producer?: string; CreationDate?: Date }
  }

  interface TextOptions {
    lineBreak?: boolean
    link?: string
    strike?: boolean
    underline?: boolean
    baseline?: 'top' | 'alphabetic' | 'middle' | number
  }

  class PDFDocument extends Readable {
    constructor(options?: DocumentOptions)
    page: { width: number; height: number; margins: { top: number; bottom: number; left: number; right: number } }
    registerFont(name: string, source: Buffer): this
    font(name: string): this
    fontSize(size: number): this
    fillColor(color: string): this
    strokeColor(color: string): this
    fillOpacity(opacity: number): this
    lineWidth(width: number): this
    link(x: number, y: number, width: number, height: number, url: string): this
    text(text: string, x: number, y: number, options?: TextOptions): this
    widthOfString(text: string): number
    rect(x: number, y: number, width: number, height: number): this
    circle(x: number, y: number, radius: number): this
    path(d: string): this
    moveTo(x: number, y: number): this
    lineTo(x: number, y: number): this
    fill(color?: string): this
    stroke(color?: string): this
    fillAndStroke(fill?: string, stroke?: string): this
    save(): this
    restore(): this
    translate(x: number, y: number): this
    scale(factor: number): this
    rotate(angle: number, options?: { origin?: [number, number] }): this
    addPage(options?: DocumentOptions): this
    switchToPage(index: number): this
    bufferedPageRange(): { start: number; count: number }
    end(): void
  }

  export default PDFDocument
}
