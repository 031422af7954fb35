'use client'

import { useCallback, useEffect, useRef, useState } from 'react'
import { useLocale, useT } from '@/lib/i18n/client'
import { callApi } from '../api'
import { Alert } from '../ui/alert'
import { Card, CardBody } from '../ui/card'
import { DocumentsTable } from './documents-table'
import { formatBytes, formatNumber, type DocumentInfo, type RagStats } from './format'
import { RetrievalPanel } from './retrieval-panel'
import { TextPanel } from './text-panel'
import { UploadList, UploadZone } from './upload-zone'
import { useUploads } from './use-uploads'
import styles from './documents.module.css'

/** While a document is queued or processing, the list is fetched again this often. */
const POLL_MS = 1500

const isPending = (doc: DocumentInfo) => doc.status === 'queued' || doc.status === 'processing'

export function DocumentsView({
  workspaceId,
  canEdit: initialCanEdit,
  maxUploadBytes,
  initialDocuments,
  initialHasMore,
  initialStats,
  openText,
}: {
  workspaceId: string
  canEdit: boolean
  maxUploadBytes: number
  initialDocuments: DocumentInfo[]
  initialHasMore: boolean
  initialStats: RagStats
  /** A document whose text opens at once, its passage [start, end) highlighted (links from chat citations). */
  openText?: { id: string; name: string; start: number; end: number } | null
}) {
  const t = useT()
  const locale = useLocale()
  const [documents, setDocuments] = useState(initialDocuments)
  const [hasMore, setHasMore] = useState(initialHasMore)
  const [stats, setStats] = useState(initialStats)
  const [canEdit, setCanEdit] = useState(initialCanEdit)
  const [forbidden, setForbidden] = useState(false)
  const [loadError, setLoadError] = useState(false)
  const [tick, setTick] = useState(0)
  const [viewing, setViewing] = useState<{ id: string; name: string; highlight?: { start: number; end: number } } | null>(() =>
    openText ? { id: openText.id, name: openText.name, highlight: { start: openText.start, end: openText.end } } : null,
  )
  const [announcement, setAnnouncement] = useState('')
  const statuses = useRef(new Map(initialDocuments.map((doc) => [doc.id, doc.status])))
  const inFlight = useRef<Promise<void> | null>(null)
  const followUp = useRef<Promise<void> | null>(null)
  const latestRefresh = useRef<() => Promise<void>>(() => Promise.resolve())

  const announce = useCallback((message: string) => {
    // The same message twice in a row is still announced.
    setAnnouncement((current) => (current === message ? `${message}\u00a0` : message))
  }, [])

  const refresh = useCallback((): Promise<void> => {
    if (inFlight.current) {
      // Something changed while a fetch is under way: fetch once more after it, and let the caller wait for that one.
      followUp.current ??= inFlight.current.then(() => {
        followUp.current = null
        return latestRefresh.current()
      })
      return followUp.current
    }
    const fallbackMessage = t('common.unexpectedError')
    const run = (async () => {
      try {
        const [list, rag] = await Promise.all([
          callApi<{ items: DocumentInfo[]; nextCursor: string | null }>(`/api/workspaces/${workspaceId}/documents?limit=100`, { fallbackMessage }),
          callApi<RagStats>(`/api/workspaces/${workspaceId}/rag/stats`, { fallbackMessage }),
        ])
        const changes: string[] = []
        for (const doc of list.data.items) {
          const before = statuses.current.get(doc.id)
          if (before && before !== doc.status && (doc.status === 'ready' || doc.status === 'failed')) {
            changes.push(t(doc.status === 'ready' ? 'documents.announce.ready' : 'documents.announce.failed', { name: doc.name }))
          }
        }
        statuses.current = new Map(list.data.items.map((doc) => [doc.id, doc.status]))
        setDocuments(list.data.items)
        setHasMore(list.data.nextCursor !== null)
        setStats(rag.data)
        setLoadError(false)
        if (changes.length) announce(changes.join(' '))
      } catch {
        setLoadError(true)
      } finally {
        inFlight.current = null
        setTick((n) => n + 1)
      }
    })()
    inFlight.current = run
    return run
  }, [announce, t, workspaceId])
  useEffect(() => {
    latestRefresh.current = refresh
  }, [refresh])

  const pending = documents.some(isPending)
  useEffect(() => {
    if (!pending) return
    const timer = setTimeout(() => void refresh(), POLL_MS)
    return () => clearTimeout(timer)
  }, [pending, tick, refresh])

  const onForbidden = useCallback(() => {
    setCanEdit(false)
    setForbidden(true)
  }, [])

  const uploads = useUploads({
    workspaceId,
    maxBytes: maxUploadBytes,
    messages: {
      tooBig: (size) => t('documents.upload.tooBig', { size: formatBytes(size, locale), max: formatBytes(maxUploadBytes, locale) }),
      failed: t('documents.upload.failed'),
    },
    onSent: (item) => {
      announce(t('documents.upload.announceDone', { name: item.name }))
      void refresh()
    },
    onForbidden,
  })

  // Uploads that failed are announced as they fail.
  const announcedErrors = useRef(new Set<string>())
  useEffect(() => {
    for (const item of uploads.items) {
      if (item.phase === 'error' && !announcedErrors.current.has(item.key)) {
        announcedErrors.current.add(item.key)
        announce(t('documents.upload.announceError', { name: item.name }))
      }
    }
  }, [uploads.items, announce, t])

  function addFiles(files: FileList) {
    const added = uploads.add(files)
    if (added.some((item) => item.phase === 'waiting')) announce(t('documents.upload.announceStart', { count: added.length }))
  }

  function closeText() {
    const id = viewing?.id
    setViewing(null)
    // Forget the ?doc= of a citation link, so that a reload does not open it again.
    if (window.location.search.includes('doc=')) window.history.replaceState(null, '', window.location.pathname)
    if (id) requestAnimationFrame(() => document.querySelector<HTMLButtonElement>(`[data-doc="${id}"] [data-action="view-text"]`)?.focus())
  }

  const empty = documents.length === 0
  const uploadList = <UploadList items={uploads.items} documents={documents} locale={locale} onDismiss={uploads.dismiss} onClear={uploads.clearFinished} />
  const statItems = [
    { key: 'documents', label: t('documents.stats.documents'), value: formatNumber(stats.documents, locale) },
    { key: 'ready', label: t('documents.stats.ready'), value: formatNumber(stats.byStatus.ready ?? 0, locale) },
    { key: 'failed', label: t('documents.stats.failed'), value: formatNumber(stats.byStatus.failed ?? 0, locale) },
    { key: 'chunks', label: t('documents.stats.chunks'), value: formatNumber(stats.chunks, locale) },
    { key: 'storage', label: t('documents.stats.storage'), value: formatBytes(stats.storageBytes, locale) },
  ]

  return (
    <div className="stack-lg">
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="documents-announcer">
        {announcement}
      </p>

      <dl className={styles.stats} aria-label={t('documents.stats.label')} data-testid="documents-stats">
        {statItems.map((item) => (
          <div key={item.key} className={[styles.stat, item.key === 'failed' && (stats.byStatus.failed ?? 0) > 0 && styles.statFailed].filter(Boolean).join(' ')} data-stat={item.key}>
            <dt>{item.label}</dt>
            <dd>{item.value}</dd>
          </div>
        ))}
      </dl>

      {forbidden ? <Alert tone="warning">{t('documents.forbidden')}</Alert> : !canEdit && <Alert tone="info">{t('documents.readOnly')}</Alert>}

      {empty ? (
        <Card aria-labelledby="documents-empty-heading">
          <CardBody className="stack">
            <h2 id="documents-empty-heading">{t('documents.empty.title')}</h2>
            <p className="muted">{t('documents.empty.body')}</p>
            <ol className={styles.steps}>
              <li>{t('documents.empty.step1')}</li>
              <li>{t('documents.empty.step2')}</li>
              <li>{t('documents.empty.step3')}</li>
              <li>{t('documents.empty.step4')}</li>
            </ol>
            {canEdit && <UploadZone maxBytes={maxUploadBytes} prominent onFiles={addFiles} />}
            {uploadList}
          </CardBody>
        </Card>
      ) : (
        <>
          {canEdit && (
            <Card aria-labelledby="documents-upload-heading">
              <CardBody className="stack">
                <h2 id="documents-upload-heading">{t('documents.upload.title')}</h2>
                <UploadZone maxBytes={maxUploadBytes} onFiles={addFiles} />
                {uploadList}
              </CardBody>
            </Card>
          )}
          {!canEdit && uploadList}

          <Card aria-labelledby="documents-list-heading">
            <div className="card-header">
              <h2 id="documents-list-heading">{t('documents.table.label')}</h2>
            </div>
            {loadError && (
              <div className="card-body" style={{ paddingBottom: 0 }}>
                <Alert tone="warning">{t('documents.loadFailed')}</Alert>
              </div>
            )}
            <div style={{ marginTop: 'var(--space-4)' }}>
              <DocumentsTable
                workspaceId={workspaceId}
                documents={documents}
                canEdit={canEdit}
                locale={locale}
                onChanged={refresh}
                onForbidden={onForbidden}
                onViewText={(doc) => setViewing({ id: doc.id, name: doc.name })}
                announce={announce}
              />
            </div>
            {hasMore && <p className="subtle card-footer">{t('documents.more')}</p>}
          </Card>
        </>
      )}

      {viewing && <TextPanel key={viewing.id} workspaceId={workspaceId} doc={viewing} highlight={viewing.highlight} onClose={closeText} />}

      <RetrievalPanel workspaceId={workspaceId} searchable={(stats.byStatus.ready ?? 0) > 0} />
    </div>
  )
}
