'use client'

import { useRef, useState, type DragEvent } from 'react'
import type { Locale } from '@/lib/i18n'
import { useLocale, useT } from '@/lib/i18n/client'
import { Button } from '../ui/button'
import { Icon } from '../ui/icons'
import { acceptAttribute, formatBytes, type DocumentInfo } from './format'
import { StatusBadge } from './status-badge'
import type { UploadItem } from './use-uploads'
import styles from './documents.module.css'

/** The drop zone: drag several files onto it, or use the "Choose files" button (keyboard). */
export function UploadZone({ maxBytes, prominent = false, onFiles }: { maxBytes: number; prominent?: boolean; onFiles: (files: FileList) => void }) {
  const t = useT()
  const locale = useLocale()
  const input = useRef<HTMLInputElement>(null)
  const depth = useRef(0)
  const [active, setActive] = useState(false)

  const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer.types).includes('Files')

  function onDragEnter(event: DragEvent) {
    if (!hasFiles(event)) return
    event.preventDefault()
    depth.current++
    setActive(true)
  }
  function onDragOver(event: DragEvent) {
    if (!hasFiles(event)) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
  }
  function onDragLeave() {
    depth.current = Math.max(0, depth.current - 1)
    if (depth.current === 0) setActive(false)
  }
  function onDrop(event: DragEvent) {
    event.preventDefault()
    depth.current = 0
    setActive(false)
    if (event.dataTransfer.files.length) onFiles(event.dataTransfer.files)
  }

  return (
    <div
      className={[styles.dropzone, active && styles.dropzoneActive, prominent && styles.dropzoneProminent].filter(Boolean).join(' ')}
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      data-testid="drop-zone"
    >
      <span className={styles.dropIcon} aria-hidden="true">
        <Icon name="upload" size={22} />
      </span>
      <p className={styles.dropTitle}>{active ? t('documents.upload.dropActive') : t('documents.upload.drop')}</p>
      <p className="subtle">{t('documents.upload.or')}</p>
      <Button variant={prominent ? 'primary' : 'secondary'} onClick={() => input.current?.click()} aria-describedby="documents-accepted">
        <Icon name="plus" size={16} />
        {t('documents.upload.choose')}
      </Button>
      <p className="subtle" id="documents-accepted">
        {t('documents.upload.accepted', { size: formatBytes(maxBytes, locale) })}
      </p>
      <input
        ref={input}
        type="file"
        multiple
        accept={acceptAttribute}
        hidden
        tabIndex={-1}
        data-testid="document-file-input"
        onChange={(event) => {
          if (event.target.files?.length) onFiles(event.target.files)
          event.target.value = ''
        }}
      />
    </div>
  )
}

function uploadLabel(item: UploadItem, doc: DocumentInfo | undefined, t: ReturnType<typeof useT>) {
  if (item.phase === 'waiting') return t('documents.upload.waiting')
  if (item.phase === 'uploading') return t('documents.upload.uploading', { percent: item.percent })
  if (item.phase === 'error') return item.error ?? t('documents.upload.failed')
  const status = doc?.status ?? item.status ?? 'queued'
  return `${t('documents.upload.sent')} · ${t(`documents.status.${status}`)}`
}

/** The files of this visit: their upload progress, then their document's processing status. */
export function UploadList({
  items,
  documents,
  locale,
  onDismiss,
  onClear,
}: {
  items: UploadItem[]
  documents: DocumentInfo[]
  locale: Locale
  onDismiss: (key: string) => void
  onClear: () => void
}) {
  const t = useT()
  if (!items.length) return null
  const finished = items.some((item) => item.phase === 'sent' || item.phase === 'error')
  return (
    <div className="stack" style={{ gap: 'var(--space-2)' }}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h3 id="uploads-heading">{t('documents.upload.queueLabel')}</h3>
        {finished && (
          <Button variant="ghost" size="sm" onClick={onClear}>
            {t('documents.upload.clear')}
          </Button>
        )}
      </div>
      <ul className={styles.uploads} aria-labelledby="uploads-heading">
        {items.map((item) => {
          const doc = item.docId ? documents.find((d) => d.id === item.docId) : undefined
          const status = doc?.status ?? item.status
          const reason = doc?.error?.reason ?? item.reason
          return (
            <li key={item.key} className={[styles.upload, item.phase === 'error' && styles.uploadError].filter(Boolean).join(' ')} data-testid="upload-item" data-phase={item.phase}>
              <span className={styles.uploadName} title={item.name}>
                {item.name} <span className="subtle">· {formatBytes(item.size, locale)}</span>
              </span>
              <span className={styles.uploadState}>
                {item.phase === 'sent' && status ? (
                  <>
                    <span className="visually-hidden">{uploadLabel(item, doc, t)}</span>
                    <StatusBadge status={status} progress={doc?.progress ?? 0} />
                  </>
                ) : item.phase === 'error' ? null : (
                  <span className="subtle">{uploadLabel(item, doc, t)}</span>
                )}
                {(item.phase === 'sent' || item.phase === 'error') && (
                  <button type="button" className="chip-remove" onClick={() => onDismiss(item.key)} aria-label={t('documents.upload.dismiss', { name: item.name })}>
                    ×
                  </button>
                )}
              </span>
              {(item.phase === 'uploading' || item.phase === 'waiting') && (
                <progress className="visually-hidden" max={100} value={item.percent} aria-label={t('documents.upload.progressLabel', { name: item.name })} />
              )}
              {(item.phase === 'uploading' || item.phase === 'waiting') && (
                <span className={styles.bar} aria-hidden="true">
                  <span className={styles.barFill} style={{ width: `${item.percent}%` }} />
                </span>
              )}
              {item.phase === 'error' && <span className={styles.uploadMessage}>{item.error}</span>}
              {item.phase === 'sent' && status === 'failed' && reason && <span className={styles.uploadMessage}>{t(`documents.reason.${reason}`)}</span>}
            </li>
          )
        })}
      </ul>
    </div>
  )
}
