'use client'

import { memo, useState, type FormEvent, type ReactNode } from 'react'
import { useLocale, useT } from '@/lib/i18n/client'
import { Badge } from '../ui/badge'
import { Button } from '../ui/button'
import { CopyButton } from '../ui/copy-button'
import { Icon } from '../ui/icons'
import { FeedbackButtons } from './feedback'
import { errorText, formatCount, formatSeconds, splitCitations } from './format'
import { AnswerMarkdown } from './markdown'
import { messageCitations, messageText, type ChatMessage, type Citation, type Feedback } from './types'
import styles from './chat.module.css'
import { Thinking } from './thinking'

export interface MessageActions {
  onCite: (message: ChatMessage, n: number, target: HTMLElement) => void
  onSources: (message: ChatMessage, target: HTMLElement) => void
  onRetry: (message: ChatMessage) => void
  onEdit: (message: ChatMessage, text: string) => void
  onDelete: (message: ChatMessage) => Promise<boolean>
  onFeedback: (messageId: string, feedback: Feedback | null) => void
  /** Reloads the thread from the server (an answer still being written elsewhere). */
  onRefresh: () => void
  /** What an answer put in the canvas, and how to open it there. */
  renderArtifacts?: (message: ChatMessage, streaming: boolean) => ReactNode
}

/** The numbers an answer's text actually cites. */
export function citedNumbers(text: string, citations: Citation[]): Set<number> {
  const known = new Set(citations.map((c) => c.n))
  const cited = new Set<number>()
  for (const piece of splitCitations(text, known)) if (typeof piece !== 'string') piece.forEach((n) => cited.add(n))
  return cited
}

export const MessageItem = memo(function MessageItem({
  message,
  streaming,
  busy,
  isLastUser,
  isLastAssistant,
  modelLabel,
  actions,
}: {
  message: ChatMessage
  /** This answer is being written now. */
  streaming: boolean
  /** Some answer is being written: nothing that sends may start. */
  busy: boolean
  isLastUser: boolean
  isLastAssistant: boolean
  modelLabel: (id: string) => string
  actions: MessageActions
}) {
  const t = useT()
  const [confirming, setConfirming] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [editing, setEditing] = useState(false)
  const text = messageText(message)

  async function remove() {
    setDeleting(true)
    const ok = await actions.onDelete(message)
    if (!ok) setDeleting(false)
  }

  const confirm = confirming && (
    <div className={`confirm-bar ${styles.inlineConfirm}`} role="group" aria-label={t('chat.message.deleteLabel')} onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), e.stopPropagation(), setConfirming(false))}>
      <span>{message.role === 'user' ? t('chat.message.deleteQuestionConfirm') : t('chat.message.deleteAnswerConfirm')}</span>
      <span className="row" style={{ gap: 'var(--space-2)' }}>
        <Button size="sm" variant="ghost" onClick={() => setConfirming(false)} disabled={deleting}>
          {t('common.cancel')}
        </Button>
        <Button size="sm" variant="danger" pending={deleting} onClick={remove} autoFocus>
          {t('chat.message.deleteConfirmButton')}
        </Button>
      </span>
    </div>
  )

  if (message.role === 'user') {
    return (
      <article className={`${styles.message} ${styles.user}`} data-testid="message" data-role="user" data-message-id={message.id} aria-label={t('chat.message.question')}>
        {editing ? (
          <EditForm
            initial={text}
            onCancel={() => setEditing(false)}
            onSend={(value) => {
              setEditing(false)
              actions.onEdit(message, value)
            }}
          />
        ) : (
          <>
            <div className={styles.bubble} data-testid="question-text">
              {text}
            </div>
            <div className={`${styles.toolbar} ${styles.userToolbar}`}>
              <CopyButton value={text} size="sm" />
              {isLastUser && (
                <Button size="sm" variant="ghost" onClick={() => setEditing(true)} disabled={busy} data-testid="edit-question">
                  <Icon name="pencil" size={13} />
                  {t('chat.message.edit')}
                </Button>
              )}
              <Button size="sm" variant="ghost" onClick={() => setConfirming(true)} disabled={busy} aria-label={t('chat.message.deleteQuestion')} title={t('chat.message.deleteQuestion')} data-testid="delete-message">
                <Icon name="trash" size={13} />
              </Button>
            </div>
          </>
        )}
        {confirm}
      </article>
    )
  }

  const meta = message.metadata ?? {}
  const citations = messageCitations(message)
  const status = streaming ? 'streaming' : (meta.status ?? 'complete')
  const failed = status === 'failed'
  const interrupted = status === 'interrupted'
  // Saved as streaming but not streaming here: another tab or client is writing it.
  const elsewhere = status === 'streaming' && !streaming
  const waiting = streaming && !text

  return (
    <article
      className={`${styles.message} ${styles.assistant}`}
      data-testid="message"
      data-role="assistant"
      data-status={status}
      data-message-id={message.id}
      aria-label={t('chat.message.answer')}
      aria-busy={streaming || undefined}
    >
      <div className={styles.avatar} aria-hidden="true">
        <Icon name="logo" size={16} />
      </div>
      <div className={styles.answerBody}>
        {waiting ? (
          <Thinking label={citations.length ? t('chat.status.writing') : t('chat.status.searching')} />
        ) : (
          <div className={[styles.markdown, streaming && styles.streamingText].filter(Boolean).join(' ')} data-testid="answer-text">
            {text ? (
              <AnswerMarkdown text={text} citations={citations} onCite={(n, target) => actions.onCite(message, n, target)} />
            ) : (
              !streaming && !failed && !interrupted && !elsewhere && <p className="muted">{t('chat.message.empty')}</p>
            )}
          </div>
        )}

        {actions.renderArtifacts?.(message, streaming)}

        {(failed || interrupted) && (
          <div className={styles.statusRow} data-testid="answer-status">
            <Badge tone={failed ? 'danger' : 'warning'}>{failed ? t('chat.message.failed') : t('chat.message.interrupted')}</Badge>
            <span className="subtle">{failed ? errorText(t, meta.errorCode) : t('chat.message.interruptedHint')}</span>
            {isLastAssistant && (
              <Button size="sm" variant="secondary" onClick={() => actions.onRetry(message)} disabled={busy} data-testid="retry">
                <Icon name="retry" size={13} />
                {t('chat.message.retry')}
              </Button>
            )}
          </div>
        )}
        {elsewhere && (
          <div className={styles.statusRow} data-testid="answer-status">
            <Badge tone="brand">{t('chat.message.inProgress')}</Badge>
            <span className="subtle">{t('chat.message.inProgressHint')}</span>
            <Button size="sm" variant="secondary" onClick={actions.onRefresh}>
              <Icon name="retry" size={13} />
              {t('chat.message.refresh')}
            </Button>
          </div>
        )}
        {meta.unanswered && !streaming && (
          <div className={styles.statusRow}>
            <Badge tone="neutral">{t('chat.message.unanswered')}</Badge>
          </div>
        )}

        {!streaming && !elsewhere && (
          <div className={styles.answerFooter}>
            {citations.length > 0 && (
              <button type="button" className={styles.sourcesButton} onClick={(e) => actions.onSources(message, e.currentTarget)} data-testid="open-sources">
                <Icon name="documents" size={13} />
                {t('chat.message.sources', { count: citations.length })}
              </button>
            )}
            <div className={styles.toolbar}>
              {text && <CopyButton value={text} size="sm" />}
              {isLastAssistant && !failed && !interrupted && !elsewhere && (
                <Button size="sm" variant="ghost" onClick={() => actions.onRetry(message)} disabled={busy} data-testid="retry">
                  <Icon name="retry" size={13} />
                  {t('chat.message.regenerate')}
                </Button>
              )}
              <Button size="sm" variant="ghost" onClick={() => setConfirming(true)} disabled={busy} aria-label={t('chat.message.deleteAnswer')} title={t('chat.message.deleteAnswer')} data-testid="delete-message">
                <Icon name="trash" size={13} />
              </Button>
              <FeedbackButtons messageId={message.id} feedback={meta.feedback ?? null} onChange={(feedback) => actions.onFeedback(message.id, feedback)} />
            </div>
          </div>
        )}
        {!streaming && <AnswerMeta message={message} modelLabel={modelLabel} />}
        {confirm}
      </div>
    </article>
  )
})

function AnswerMeta({ message, modelLabel }: { message: ChatMessage; modelLabel: (id: string) => string }) {
  const t = useT()
  const locale = useLocale()
  const meta = message.metadata ?? {}
  const parts: { key: string; text: string; title?: string }[] = []
  if (meta.model) parts.push({ key: 'model', text: modelLabel(meta.model), title: t('chat.meta.model') })
  if (typeof meta.ttftMs === 'number') parts.push({ key: 'ttft', text: t('chat.meta.ttft', { time: formatSeconds(meta.ttftMs, locale) }) })
  const input = meta.usage?.inputTokens
  const output = meta.usage?.outputTokens
  if (typeof input === 'number' || typeof output === 'number') {
    parts.push({
      key: 'tokens',
      text: t('chat.meta.tokens', { input: formatCount(input ?? 0, locale), output: formatCount(output ?? 0, locale) }),
      title: t('chat.meta.tokensTitle'),
    })
  }
  if (!parts.length) return null
  return (
    <p className={styles.meta} data-testid="answer-meta">
      {parts.map((part, i) => (
        <span key={part.key} title={part.title}>
          {i > 0 && <span aria-hidden="true"> · </span>}
          {part.text}
        </span>
      ))}
    </p>
  )
}

function EditForm({ initial, onSend, onCancel }: { initial: string; onSend: (text: string) => void; onCancel: () => void }) {
  const t = useT()
  const [value, setValue] = useState(initial)
  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    const text = value.trim()
    if (!text) return
    if (text === initial.trim()) return onCancel()
    onSend(text)
  }
  return (
    <form className={styles.editForm} onSubmit={submit}>
      <label className="visually-hidden" htmlFor="edit-question">
        {t('chat.message.editLabel')}
      </label>
      <textarea
        id="edit-question"
        className={`textarea ${styles.editArea}`}
        value={value}
        autoFocus
        maxLength={8000}
        onFocus={(e) => e.currentTarget.setSelectionRange(e.currentTarget.value.length, e.currentTarget.value.length)}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault()
            submit()
          } else if (e.key === 'Escape') {
            e.preventDefault()
            e.stopPropagation()
            onCancel()
          }
        }}
        data-testid="edit-input"
      />
      <div className={styles.inlineActions}>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button size="sm" variant="primary" type="submit" disabled={!value.trim()}>
          {t('chat.message.editSend')}
        </Button>
      </div>
    </form>
  )
}
