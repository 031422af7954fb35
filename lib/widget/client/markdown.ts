/**
 * A small, safe Markdown: everything is escaped first, then a few constructs become tags this
 * file writes itself (paragraphs, headings, lists, quotes, code, bold, italic, http(s) links,
 * and [n] citation markers as buttons). No HTML of the text ever reaches the page.
 */

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => entities[c])

function inline(text: string, citations: number, citeLabel: (n: number) => string): string {
  const kept: string[] = []
  const keep = (html: string) => `\u0000${kept.push(html) - 1}\u0000`
  let html = escapeHtml(text).replace(/`([^`\n]+)`/g, (_, code: string) => keep(`<code>${code}</code>`))
  html = html.replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, (_, label: string, url: string) => keep(`<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>`))
  html = html
    .replace(/\*\*(?=\S)([^*\n]*\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*(?=\S)([^*\n]*\S)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w])_(?=\S)([^_\n]*\S)_(?!\w)/g, '$1<em>$2</em>')
    .replace(/\[(\d{1,2})\]/g, (marker, digits: string) => {
      const n = Number(digits)
      return n >= 1 && n <= citations ? `<button type="button" class="cite" data-n="${n}" aria-label="${escapeHtml(citeLabel(n))}">${n}</button>` : marker
    })
  return html.replace(/\u0000(\d+)\u0000/g, (_, i: string) => kept[Number(i)])
}

/** The HTML of a Markdown text; `citations` is how many sources [n] may point at. */
export function markdown(text: string, citations: number, citeLabel: (n: number) => string): string {
  const out: string[] = []
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const span = (line: string) => inline(line, citations, citeLabel)
  let i = 0
  while (i < lines.length) {
    const line = lines[i]
    if (/^\s*```/.test(line)) {
      const code: string[] = []
      while (++i < lines.length && !/^\s*```/.test(lines[i])) code.push(lines[i])
      i++
      out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`)
      continue
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line)
    if (heading) {
      const level = Math.min(heading[1].length + 2, 6)
      out.push(`<h${level}>${span(heading[2])}</h${level}>`)
      i++
      continue
    }
    const list = /^\s*([-*+]|\d{1,3}[.)])\s+/.exec(line)
    if (list) {
      const ordered = /\d/.test(list[1])
      const items: string[] = []
      while (i < lines.length && /^\s*([-*+]|\d{1,3}[.)])\s+/.test(lines[i])) items.push(`<li>${span(lines[i++].replace(/^\s*([-*+]|\d{1,3}[.)])\s+/, ''))}</li>`)
      out.push(ordered ? `<ol>${items.join('')}</ol>` : `<ul>${items.join('')}</ul>`)
      continue
    }
    if (/^\s*>/.test(line)) {
      const quote: string[] = []
      while (i < lines.length && /^\s*>/.test(lines[i])) quote.push(span(lines[i++].replace(/^\s*>\s?/, '')))
      out.push(`<blockquote>${quote.join('<br>')}</blockquote>`)
      continue
    }
    if (!line.trim()) {
      i++
      continue
    }
    const paragraph: string[] = []
    while (i < lines.length && lines[i].trim() && !/^\s*(```|#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|>)/.test(lines[i])) paragraph.push(span(lines[i++]))
    if (!paragraph.length) paragraph.push(span(lines[i++]))
    out.push(`<p>${paragraph.join('<br>')}</p>`)
  }
  return out.join('')
}
