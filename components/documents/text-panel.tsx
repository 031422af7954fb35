'use client'

import { useEffect, useRef, useState } from 'react'
import { useLocale, useT } from '@/lib/i18n/client'
import { callApi, errorMessage } from '../api'
import { Alert } from '../ui/alert'
import { Button } from '../ui/button'
import { Card, CardBody } from '../ui/card'
import { formatNumber, segmentText, type TextSegment } from './format'
import styles from './documents.module.css'

interface DocumentText {
  text: string
  chunks: { id: number; ordinal: number; start: number; end: number; page: number | null; headingPath: string[] }[]
}

/** Where each segment starts in the document text (segments follow each other without gaps). */
function segmentStarts(segments: TextSegment[]): number[] {
  const starts: number[] = []
  let at = 0
  for (const segment of segments) {
    starts.push(at)
    at += segment.text.length
  }
  return starts
}

/** `text` cut at the highlighted range [start, end) of the document (the text begins at `offset`). */
function withHighlight(text: string, offset: number, highlight: { start: number; end: number } | undefined) {
  if (!highlight) return text
  const from = Math.max(highlight.start - offset, 0)
  const to = Math.min(highlight.end - offset, text.length)
  if (from >= to) return text
  return (
    <>
      {text.slice(0, from)}
      <mark className={styles.highlight} data-testid="text-highlight">
        {text.slice(from, to)}
      </mark>
      {text.slice(to)}
    </>
  )
}

/**
 * The extracted text of one document, each chunk on its own shaded band with a marker;
 * with `highlight` (character offsets, from a cited passage), that range is marked and
 * scrolled into view.
 */
export function TextPanel({
  workspaceId,
  doc,
  highlight,
  onClose,
}: {
  workspaceId: string
  doc: { id: string; name: string }
  highlight?: { start: number; end: number }
  onClose: () => void
}) {
  const t = useT()
  const locale = useLocale()
  const heading = useRef<HTMLHeadingElement>(null)
  const [state, setState] = useState<{ id: string; segments: TextSegment[]; chars: number; chunks: number } | { id: string; error: string } | null>(null)

  useEffect(() => {
    heading.current?.focus()
    let cancelled = false
    const fallback = t('common.unexpectedError')
    callApi<DocumentText>(`/api/workspaces/${workspaceId}/documents/${doc.id}/text`, { fallbackMessage: fallback })
      .then(({ data }) => {
        if (!cancelled) setState({ id: doc.id, segments: segmentText(data.text, data.chunks), chars: data.text.length, chunks: data.chunks.length })
      })
      .catch((error: unknown) => {
        if (!cancelled) setState({ id: doc.id, error: errorMessage(error, fallback) })
      })
    return () => {
      cancelled = true
    }
  }, [workspaceId, doc.id, t])

  const current = state?.id === doc.id ? state : null
  const body = useRef<HTMLDivElement>(null)
  const loaded = current !== null && !('error' in current)

  useEffect(() => {
    if (loaded && highlight) body.current?.querySelector('mark')?.scrollIntoView({ block: 'center' })
  }, [loaded, highlight])
  const starts = current && 'segments' in current ? segmentStarts(current.segments) : []

  return (
    <Card aria-labelledby="document-text-heading" data-testid="document-text">
      <div className="card-header">
        <div>
          <h2 id="document-text-heading" ref={heading} tabIndex={-1}>
            {t('documents.text.title', { name: doc.name })}
          </h2>
          <p>{t('documents.text.description')}</p>
        </div>
        <Button variant="secondary" size="sm" onClick={onClose}>
          {t('documents.text.close')}
        </Button>
      </div>
      <CardBody>
        <div aria-live="polite" aria-busy={!current}>
          {!current ? (
            <p className="subtle row">
              <span className="spinner" aria-hidden="true" />
              {t('documents.text.loading')}
            </p>
          ) : 'error' in current ? (
            <Alert tone="danger">{current.error}</Alert>
          ) : current.chars === 0 ? (
            <p className="muted">{t('documents.text.empty')}</p>
          ) : (
            <div className="stack" style={{ gap: 'var(--space-2)' }}>
              <p className="subtle">
                {t('documents.text.summary', { chars: formatNumber(current.chars, locale), chunks: formatNumber(current.chunks, locale) })}
                {highlight && ` · ${t('documents.text.highlight')}`}
              </p>
              <div className={styles.textBody} ref={body} tabIndex={0} role="region" aria-label={t('documents.text.title', { name: doc.name })}>
                {current.segments.map((segment, index) => {
                  const at = starts[index]
                  return segment.chunk ? (
                    <div key={segment.key} className={[styles.segment, segment.chunk.index % 2 === 1 && styles.segmentAlt].filter(Boolean).join(' ')} data-testid="text-chunk">
                      <span className={styles.marker}>
                        {[
                          t('documents.text.marker', { n: segment.chunk.ordinal + 1 }),
                          segment.chunk.page !== null ? t('documents.text.page', { page: segment.chunk.page }) : null,
                          segment.chunk.headingPath.length ? segment.chunk.headingPath.join(' › ') : null,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                      <span className={styles.segmentText}>{withHighlight(segment.text, at, highlight)}</span>
                    </div>
                  ) : (
                    <div key={segment.key} className={styles.gap}>
                      {withHighlight(segment.text, at, highlight)}
                    </div>
                  )
                })}
              </div>
            </div>
          )}
        </div>
      </CardBody>
    </Card>
  )
}
