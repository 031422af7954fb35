'use client'

import { useState } from 'react'
import type { ArtifactPart } from '@/lib/artifacts/tools'
import { useT } from '@/lib/i18n/client'
import { errorMessage } from '../api'
import type { ChatMessage } from '../chat/types'
import { messageText } from '../chat/types'
import { Icon } from '../ui/icons'
import type { Canvas } from './use-canvas'
import styles from './canvas.module.css'

const hasTable = (text: string) => /^\s*\|.*\|\s*\n\s*\|?\s*:?-{2,}/m.test(text)

/**
 * Under an answer: the artifacts it made (a click shows them in the canvas), why one could not
 * be made, and buttons to open the answer (or its table) in the canvas.
 */
export function MessageArtifacts({ message, streaming, canvas }: { message: ChatMessage; streaming: boolean; canvas: Pick<Canvas, 'show' | 'create'> }) {
  const t = useT()
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const parts = message.parts as unknown as (ArtifactPart | { type: string })[]
  const made = parts.filter((part): part is Extract<ArtifactPart, { type: 'data-artifact' }> => part.type === 'data-artifact')
  const refused = parts.filter((part): part is Extract<ArtifactPart, { type: 'data-artifact-error' }> => part.type === 'data-artifact-error')
  const text = messageText(message)

  async function open(as: 'document' | 'table') {
    setPending(true)
    setError(null)
    try {
      await canvas.create({ from: { messageId: message.id, as } })
    } catch (e) {
      setError(errorMessage(e, t('common.unexpectedError')))
    } finally {
      setPending(false)
    }
  }

  if (!made.length && !refused.length && (streaming || !text)) return null
  return (
    <div className={styles.messageArtifacts}>
      {made.map((part) => (
        <button key={part.id} type="button" className={styles.chip} onClick={() => canvas.show(part.data.id)} title={t('canvas.show', { title: part.data.title })} data-testid="artifact-chip">
          <Icon name={part.data.kind === 'chart' ? 'analytics' : part.data.kind === 'table' ? 'columns' : 'documents'} size={13} />
          {part.data.title}
        </button>
      ))}
      {refused.map((part) => (
        <p key={part.id} className={styles.error} role="note" data-testid="artifact-error">
          {t('canvas.failed', { kind: part.data.kind ? t(`canvas.kind.${part.data.kind}`).toLowerCase() : t('canvas.kind.document').toLowerCase(), reason: part.data.reason })}
        </p>
      ))}
      {!streaming && text && (
        <span className={styles.openButtons}>
          <button type="button" className={styles.linkButton} onClick={() => open('document')} disabled={pending} data-testid="open-in-canvas">
            {t('canvas.openAnswer')}
          </button>
          {hasTable(text) && (
            <button type="button" className={styles.linkButton} onClick={() => open('table')} disabled={pending} data-testid="open-table-in-canvas">
              {t('canvas.openTable')}
            </button>
          )}
        </span>
      )}
      {error && (
        <p className={styles.error} role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
