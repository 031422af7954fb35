'use client'

import Link from 'next/link'
import { useEffect, useRef } from 'react'
import { useT } from '@/lib/i18n/client'
import { Icon } from '../ui/icons'
import type { Citation } from './types'
import styles from './chat.module.css'

export const documentHref = (workspaceId: string, citation: Citation) =>
  `/workspaces/${workspaceId}/documents?doc=${encodeURIComponent(citation.documentId)}&start=${citation.start}&end=${citation.end}`

/**
 * The passages behind one answer: the ones its text cites first, then the others it was
 * given. The active one is outlined and scrolled to; Escape or the close button closes.
 */
export function SourcesPanel({
  workspaceId,
  citations,
  cited,
  active,
  onClose,
}: {
  workspaceId: string
  citations: Citation[]
  cited: Set<number>
  active: number | null
  onClose: () => void
}) {
  const t = useT()
  const heading = useRef<HTMLHeadingElement>(null)
  const list = useRef<HTMLDivElement>(null)

  useEffect(() => {
    heading.current?.focus({ preventScroll: true })
  }, [])

  useEffect(() => {
    if (active === null) return
    list.current?.querySelector<HTMLElement>(`[data-citation="${active}"]`)?.scrollIntoView({ block: 'nearest' })
  }, [active])

  const used = citations.filter((c) => cited.has(c.n))
  const others = citations.filter((c) => !cited.has(c.n))

  const item = (citation: Citation) => (
    <li
      key={citation.n}
      className={[styles.source, citation.n === active && styles.sourceActive].filter(Boolean).join(' ')}
      data-testid="source-item"
      data-citation={citation.n}
      aria-current={citation.n === active ? 'true' : undefined}
    >
      <div className={styles.sourceHead}>
        <span className={styles.sourceNumber} aria-hidden="true">
          {citation.n}
        </span>
        <div className={styles.sourceTitle}>
          <span className="visually-hidden">{t('chat.sources.number', { n: citation.n })}</span>
          <strong>{citation.documentName}</strong>
          <span className="subtle">
            {[citation.page !== null ? t('chat.sources.page', { page: citation.page }) : null, citation.headingPath.length ? citation.headingPath.join(' › ') : null]
              .filter(Boolean)
              .join(' · ')}
          </span>
        </div>
      </div>
      <blockquote className={styles.passage}>{citation.text}</blockquote>
      <Link href={documentHref(workspaceId, citation)} className={styles.sourceLink} data-testid="source-open-document">
        <Icon name="documents" size={14} />
        {t('chat.sources.open')}
      </Link>
    </li>
  )

  return (
    <aside
      className={styles.sources}
      aria-labelledby="sources-heading"
      data-testid="sources-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation()
          onClose()
        }
      }}
    >
      <div className={styles.sourcesHeader}>
        <h2 id="sources-heading" ref={heading} tabIndex={-1}>
          {t('chat.sources.title')}
        </h2>
        <button type="button" className={styles.iconButton} onClick={onClose} aria-label={t('chat.sources.close')} title={t('chat.sources.close')}>
          <Icon name="x" size={16} />
        </button>
      </div>
      <div className={styles.sourcesBody} ref={list}>
        {citations.length === 0 ? (
          <p className="muted">{t('chat.sources.none')}</p>
        ) : (
          <>
            {used.length > 0 && <ol className={styles.sourceList}>{used.map(item)}</ol>}
            {others.length > 0 && (
              <>
                <h3 className={styles.sourcesSub}>{used.length ? t('chat.sources.others') : t('chat.sources.consulted')}</h3>
                <ol className={styles.sourceList}>{others.map(item)}</ol>
              </>
            )}
          </>
        )}
      </div>
    </aside>
  )
}
