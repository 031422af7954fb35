'use client'

import { Fragment, useState } from 'react'
import { formatDate, type Locale } from '@/lib/i18n'
import { useT } from '@/lib/i18n/client'
import { ApiRequestError, callApi } from '../api'
import { Badge } from '../ui/badge'
import { Button } from '../ui/button'
import { ConfirmRow } from '../ui/confirm-row'
import { useApiAction } from '../use-api-action'
import { formatBytes, formatNumber, type DocumentInfo } from './format'
import { StatusBadge } from './status-badge'
import styles from './documents.module.css'

const COLUMNS = 8

export function DocumentsTable({
  workspaceId,
  documents,
  canEdit,
  locale,
  onChanged,
  onForbidden,
  onViewText,
  announce,
}: {
  workspaceId: string
  documents: DocumentInfo[]
  canEdit: boolean
  locale: Locale
  onChanged: () => Promise<void>
  onForbidden: () => void
  onViewText: (doc: DocumentInfo) => void
  announce: (message: string) => void
}) {
  const t = useT()
  return (
    <div className={`table-wrap ${styles.wrap}`}>
      <table className={`table ${styles.table}`} aria-label={t('documents.table.label')}>
        <thead>
          <tr>
            <th scope="col">{t('documents.col.name')}</th>
            <th scope="col">{t('documents.col.type')}</th>
            <th scope="col" className={styles.num}>
              {t('documents.col.size')}
            </th>
            <th scope="col" className={styles.num}>
              {t('documents.col.pages')}
            </th>
            <th scope="col" className={styles.num}>
              {t('documents.col.chunks')}
            </th>
            <th scope="col">{t('documents.col.language')}</th>
            <th scope="col">{t('documents.col.status')}</th>
            <th scope="col" className="cell-actions">
              <span className="visually-hidden">{t('documents.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {documents.map((doc) => (
            <DocumentRow
              key={doc.id}
              workspaceId={workspaceId}
              doc={doc}
              canEdit={canEdit}
              locale={locale}
              onChanged={onChanged}
              onForbidden={onForbidden}
              onViewText={onViewText}
              announce={announce}
            />
          ))}
        </tbody>
      </table>
    </div>
  )
}

function DocumentRow({
  workspaceId,
  doc,
  canEdit,
  locale,
  onChanged,
  onForbidden,
  onViewText,
  announce,
}: {
  workspaceId: string
  doc: DocumentInfo
  canEdit: boolean
  locale: Locale
  onChanged: () => Promise<void>
  onForbidden: () => void
  onViewText: (doc: DocumentInfo) => void
  announce: (message: string) => void
}) {
  const t = useT()
  const action = useApiAction()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState<'exclude' | 'reindex' | 'delete' | null>(null)
  // The checkbox follows a click at once; the list catches up after the PATCH.
  const [draftExcluded, setDraftExcluded] = useState<boolean | null>(null)
  const excluded = draftExcluded ?? doc.excluded
  const base = `/api/workspaces/${workspaceId}/documents/${doc.id}`
  const pending = doc.status === 'queued' || doc.status === 'processing'
  const none = t('documents.none')

  async function act(kind: 'exclude' | 'reindex' | 'delete', request: () => Promise<unknown>, done: string) {
    setBusy(kind)
    const result = await action.run(async () => {
      try {
        return (await request()) ?? true
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 403) onForbidden()
        throw error
      }
    })
    if (result !== undefined) {
      announce(done)
      if (kind === 'delete') setConfirming(false)
      await onChanged()
    }
    setBusy(null)
    return result !== undefined
  }

  async function toggleExcluded(next: boolean) {
    setDraftExcluded(next)
    await act(
      'exclude',
      () => callApi(base, { method: 'PATCH', body: { excluded: next }, fallbackMessage: action.fallback }),
      t(next ? 'documents.announce.excluded' : 'documents.announce.included', { name: doc.name }),
    )
    setDraftExcluded(null)
  }
  const reindex = () => act('reindex', () => callApi(`${base}/reindex`, { method: 'POST', fallbackMessage: action.fallback }), t('documents.announce.reindex', { name: doc.name }))
  const remove = () => act('delete', () => callApi(base, { method: 'DELETE', fallbackMessage: action.fallback }), t('documents.announce.deleted', { name: doc.name }))

  // A file refused at upload was not kept: there is nothing to process again.
  const canReindex = doc.type !== null && !pending

  return (
    <Fragment>
      <tr className={excluded ? styles.excluded : undefined} data-testid="document-row" data-status={doc.status} data-excluded={excluded || undefined} data-doc={doc.id}>
        <td className={styles.nameCell} data-label={t('documents.col.name')}>
          <span className={styles.name}>{doc.name}</span>
          {doc.title && doc.title !== doc.name && <span className={`subtle ${styles.dim} ${styles.title}`}>{doc.title}</span>}
          <span className={styles.uploaded}>
            <span className="visually-hidden">{t('documents.col.uploaded')} </span>
            {formatDate(doc.createdAt, locale, true)} · {doc.uploadedBy ? t('documents.uploadedBy', { email: doc.uploadedBy.email }) : t('documents.uploadedByUnknown')}
          </span>
          {doc.status === 'failed' && doc.error && <p className={styles.reason}>{t(`documents.reason.${doc.error.reason}`)}</p>}
        </td>
        <td className={styles.dim} data-label={t('documents.col.type')}>
          {doc.type ? t(`documents.type.${doc.type}`) : none}
        </td>
        <td className={`${styles.num} ${styles.dim}`} data-label={t('documents.col.size')}>
          {formatBytes(doc.sizeBytes, locale)}
        </td>
        <td className={`${styles.num} ${styles.dim}`} data-label={t('documents.col.pages')}>
          {doc.pages ?? none}
        </td>
        <td className={`${styles.num} ${styles.dim}`} data-label={t('documents.col.chunks')}>
          {doc.status === 'ready' || doc.chunkCount > 0 ? formatNumber(doc.chunkCount, locale) : none}
        </td>
        <td className={styles.dim} data-label={t('documents.col.language')}>
          {doc.language ? <abbr title={t(`documents.lang.${doc.language}Full`)}>{t(`documents.lang.${doc.language}`)}</abbr> : none}
        </td>
        <td className={styles.statusCell} data-label={t('documents.col.status')}>
          <span className={styles.badges}>
            <StatusBadge status={doc.status} progress={doc.progress} />
            {excluded && <Badge tone="warning">{t('documents.excludedBadge')}</Badge>}
          </span>
        </td>
        <td className={`cell-actions ${styles.actionsCell}`}>
          <div className={styles.actions}>
            {canEdit && (
              <label className={styles.toggle}>
                <input
                  type="checkbox"
                  checked={excluded}
                  disabled={busy !== null}
                  onChange={(event) => void toggleExcluded(event.target.checked)}
                  aria-label={t('documents.excludeLabel', { name: doc.name })}
                />
                <span aria-hidden="true">{t('documents.exclude')}</span>
              </label>
            )}
            <Button size="sm" variant="secondary" disabled={doc.status !== 'ready'} onClick={() => onViewText(doc)} data-action="view-text">
              {t('documents.viewText')}
            </Button>
            {canEdit && canReindex && (
              <Button size="sm" variant="secondary" pending={busy === 'reindex'} disabled={busy !== null} onClick={() => void reindex()}>
                {t('documents.reindex')}
              </Button>
            )}
            {canEdit && (
              <Button size="sm" variant="ghost" className="btn-danger-text" disabled={busy !== null || confirming} onClick={() => setConfirming(true)} aria-expanded={confirming}>
                {t('documents.delete')}
              </Button>
            )}
          </div>
          {action.error && (
            <p className={styles.rowError} role="alert">
              {action.error}
            </p>
          )}
        </td>
      </tr>
      {confirming && canEdit && (
        <ConfirmRow
          colSpan={COLUMNS}
          label={t('documents.delete')}
          message={t('documents.deleteConfirm', { name: doc.name })}
          confirmLabel={t('documents.deleteConfirmButton')}
          cancelLabel={t('common.cancel')}
          pending={busy === 'delete'}
          onConfirm={() => void remove()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </Fragment>
  )
}
