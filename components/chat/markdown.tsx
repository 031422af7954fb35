'use client'

import { memo, useMemo, type ReactNode } from 'react'
import Markdown, { type Components, type ExtraProps, type Options } from 'react-markdown'
import rehypeHighlight from 'rehype-highlight'
import remarkGfm from 'remark-gfm'
import { useT } from '@/lib/i18n/client'
import { CopyButton } from '../ui/copy-button'
import { splitCitations } from './format'
import type { Citation } from './types'
import styles from './chat.module.css'

/** The little of mdast this file touches. */
interface MdNode {
  type: string
  value?: string
  children?: MdNode[]
  data?: { hName?: string; hProperties?: Record<string, string> }
}

/** Text the citation markers are never looked for in. */
const skipped = new Set(['code', 'inlineCode', 'link', 'linkReference', 'html', 'definition'])

/**
 * A remark plugin: "[1]" in plain text (never in code) becomes a <sup data-citations="1">
 * node when every number in it is a known citation, that the `sup` component renders as
 * a button.
 */
function remarkCitations({ known }: { known: Set<number> }) {
  const visit = (node: MdNode) => {
    if (!node.children || skipped.has(node.type)) return
    const children: MdNode[] = []
    for (const child of node.children) {
      if (child.type === 'text' && child.value) {
        for (const piece of splitCitations(child.value, known)) {
          if (typeof piece === 'string') children.push({ type: 'text', value: piece })
          else
            children.push({
              type: 'citationRef',
              data: { hName: 'sup', hProperties: { dataCitations: piece.join(',') } },
              children: [{ type: 'text', value: `[${piece.join(', ')}]` }],
            })
        }
      } else {
        visit(child)
        children.push(child)
      }
    }
    node.children = children
  }
  return (tree: MdNode) => visit(tree)
}

const rehypePlugins: NonNullable<Options['rehypePlugins']> = [[rehypeHighlight, { detect: false }]]

/** The text inside a hast node, for the copy button of code blocks. */
function hastText(node: ExtraProps['node'] | { type: string; value?: string; children?: unknown[] } | undefined): string {
  if (!node) return ''
  if ('value' in node && typeof node.value === 'string') return node.value
  if ('children' in node && Array.isArray(node.children)) return node.children.map((child) => hastText(child as { type: string })).join('')
  return ''
}

function CodeBlock({ children, node }: { children?: ReactNode } & ExtraProps) {
  const t = useT()
  const text = hastText(node)
  return (
    <div className={styles.codeBlock}>
      <div className={styles.codeTools}>
        <CopyButton value={text.replace(/\n$/, '')} size="sm" label={t('chat.copyCode')} />
      </div>
      <pre>{children}</pre>
    </div>
  )
}

/**
 * Markdown of an answer, sanitised: raw HTML is never rendered (react-markdown shows it as
 * text and there is no rehype-raw), links get safe URLs and open in a new tab, images are
 * not loaded (their alt text links to them). Code is highlighted; citation markers call
 * `onCite(n)`.
 */
export const AnswerMarkdown = memo(function AnswerMarkdown({
  text,
  citations,
  onCite,
}: {
  text: string
  citations: Citation[]
  onCite: (n: number, target: HTMLElement) => void
}) {
  const t = useT()
  const known = useMemo(() => new Set(citations.map((c) => c.n)), [citations])
  const byN = useMemo(() => new Map(citations.map((c) => [c.n, c])), [citations])

  const components = useMemo<Components>(
    () => ({
      sup({ children, node, ...props }) {
        const list = String((props as Record<string, unknown>)['data-citations'] ?? '')
        if (!list) return <sup>{children}</sup>
        const numbers = list.split(',').map(Number)
        return (
          <span className={styles.citeGroup}>
            {numbers.map((n) => {
              const citation = byN.get(n)
              const label = citation
                ? citation.page !== null
                  ? t('chat.citation.labelPage', { n, name: citation.documentName, page: citation.page })
                  : t('chat.citation.label', { n, name: citation.documentName })
                : String(n)
              return (
                <button
                  key={n}
                  type="button"
                  className={styles.cite}
                  data-testid="citation-marker"
                  data-citation={n}
                  aria-label={label}
                  title={label}
                  onClick={(event) => onCite(n, event.currentTarget)}
                >
                  {n}
                </button>
              )
            })}
          </span>
        )
      },
      a({ href, children }) {
        return (
          <a href={href} target="_blank" rel="noopener noreferrer nofollow">
            {children}
          </a>
        )
      },
      img({ src, alt }) {
        // Remote images are not loaded in answers: a link says what and where they are.
        return typeof src === 'string' && src ? (
          <a href={src} target="_blank" rel="noopener noreferrer nofollow">
            {alt || t('chat.image')}
          </a>
        ) : (
          <span>{alt}</span>
        )
      },
      pre: CodeBlock,
      table({ children }) {
        return (
          <div className={styles.tableWrap}>
            <table>{children}</table>
          </div>
        )
      },
    }),
    [byN, onCite, t],
  )

  const remarkPlugins = useMemo<NonNullable<Options['remarkPlugins']>>(() => [remarkGfm, [remarkCitations, { known }]], [known])

  return (
    <Markdown
      remarkPlugins={remarkPlugins}
      rehypePlugins={rehypePlugins}
      components={components}
    >
      {text}
    </Markdown>
  )
})
