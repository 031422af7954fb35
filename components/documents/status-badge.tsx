'use client'

import { useT } from '@/lib/i18n/client'
import { Badge, type BadgeTone } from '../ui/badge'
import type { DocumentInfo } from './format'
import styles from './documents.module.css'

const tones: Record<DocumentInfo['status'], BadgeTone> = { queued: 'neutral', processing: 'brand', ready: 'success', failed: 'danger' }

/** The processing status, with a progress bar while processing. */
export function StatusBadge({ status, progress }: { status: DocumentInfo['status']; progress: number }) {
  const t = useT()
  const percent = Math.round(Math.min(1, Math.max(0, progress)) * 100)
  if (status !== 'processing') return <Badge tone={tones[status]}>{t(`documents.status.${status}`)}</Badge>
  return (
    <span>
      <Badge tone="brand">
        <span className={`spinner ${styles.spinnerSmall}`} aria-hidden="true" />
        {t('documents.status.processingPercent', { percent })}
      </Badge>
      <span className={`${styles.bar} ${styles.barSmall}`} aria-hidden="true">
        <span className={styles.barFill} style={{ width: `${percent}%` }} />
      </span>
    </span>
  )
}
