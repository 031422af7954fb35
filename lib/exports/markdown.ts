import type { Nodes, Root } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmFromMarkdown } from 'mdast-util-gfm'
import { gfm } from 'micromark-extension-gfm'

/** Markdown (from a model or a person) as a tree, rendered by our own writers: raw HTML in it stays text. */

// Built once: micromark combines the extensions again for each options object it is given.
const gfmOptions = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }
export const parseMarkdown = (markdown: string): Root => fromMarkdown(markdown, gfmOptions)

export const escapeHtml = (text: string) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!)

/** Only these links survive: no javascript:, data: or other schemes that could run something. */
export const safeUrl = (url: string): string | null => (/^(https?:|mailto:|#|\/(?!\/))/i.test(url.trim()) ? url.trim() : null)

const inner = (node: { children?: Nodes[] }) => (node.children ?? []).map(toHtml).join('')

/** A Markdown tree as HTML: every text escaped, raw HTML shown as text, unsafe links dropped. */
export function toHtml(node: Nodes): string {
  switch (node.type) {
    case 'root':
      return inner(node)
    case 'paragraph':
      return `<p>${inner(node)}</p>\n`
    case 'heading':
      return `<h${node.depth}>${inner(node)}</h${node.depth}>\n`
    case 'text':
      return escapeHtml(node.value)
    case 'strong':
      return `<strong>${inner(node)}</strong>`
    case 'emphasis':
      return `<em>${inner(node)}</em>`
    case 'delete':
      return `<del>${inner(node)}</del>`
    case 'inlineCode':
      return `<code>${escapeHtml(node.value)}</code>`
    case 'code':
      return `<pre><code${node.lang ? ` class="language-${escapeHtml(node.lang)}"` : ''}>${escapeHtml(node.value)}</code></pre>\n`
    case 'html':
      return escapeHtml(node.value)
    case 'break':
      return '<br>'
    case 'thematicBreak':
      return '<hr>\n'
    case 'blockquote':
      return `<blockquote>${inner(node)}</blockquote>\n`
    case 'list': {
      const tag = node.ordered ? 'ol' : 'ul'
      return `<${tag}${node.ordered && node.start && node.start !== 1 ? ` start="${node.start}"` : ''}>${inner(node)}</${tag}>\n`
    }
    case 'listItem':
      return `<li>${node.checked === true ? '☑ ' : node.checked === false ? '☐ ' : ''}${node.children.map((child) => (child.type === 'paragraph' && node.spread === false ? inner(child) : toHtml(child))).join('')}</li>`
    case 'link': {
      const url = safeUrl(node.url)
      return url ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${inner(node)}</a>` : inner(node)
    }
    case 'image':
      return escapeHtml(node.alt ?? '')
    case 'table': {
      const [head, ...body] = node.children
      const cells = (row: (typeof node.children)[number], tag: 'th' | 'td') => `<tr>${row.children.map((cell, i) => `<${tag}${node.align?.[i] ? ` style="text-align:${node.align[i]}"` : ''}>${inner(cell)}</${tag}>`).join('')}</tr>`
      return `<table><thead>${head ? cells(head, 'th') : ''}</thead><tbody>${body.map((row) => cells(row, 'td')).join('')}</tbody></table>\n`
    }
    default:
      return 'children' in node ? inner(node as { children: Nodes[] }) : 'value' in node ? escapeHtml(String((node as { value: unknown }).value)) : ''
  }
}

export const markdownToHtml = (markdown: string) => toHtml(parseMarkdown(markdown))

/** Plain text of a Markdown tree (TXT exports). */
export function toText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value
  if (!('children' in node)) return ''
  const block = ['paragraph', 'heading', 'code', 'listItem', 'tableRow', 'blockquote']
  return node.children.map((child) => toText(child) + (block.includes(child.type) ? '\n' : child.type === 'tableCell' ? '\t' : '')).join('')
}
