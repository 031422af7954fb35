'use client'

import { memo, useEffect, useState } from 'react'
import { useLocale, useT } from '@/lib/i18n/client'
import { Badge, type BadgeTone } from '../ui/badge'
import { Button } from '../ui/button'
import { CopyButton } from '../ui/copy-button'
import { Icon } from '../ui/icons'
import { candidateStatus, groupSettled } from './compare'
import { errorText, formatCount, formatSeconds } from './format'
import { AnswerMarkdown } from './markdown'
import type { MessageActions } from './message-item'
import { messageCitations, messageText, type CandidateGroup, type ChatMessage, type MessageStatus } from './types'
import styles from './chat.module.css'
import { Thinking } from './thinking'

const statusTones: Record<MessageStatus, BadgeTone> = { streaming: 'brand', complete: 'success', interrupted: 'warning', failed: 'danger' }

/**
 * The answers of several models to one question, side by side (stacked on narrow screens):
 * each with its model, its text as it streams, its timings and tokens, and a button that
 * keeps it as the conversation's answer once every model is done.
 */
export const CandidateGroupView = memo(function CandidateGroupView({
  group,
  busy,
  keeping,
  modelLabel,
  actions,
  onKeep,
}: {
  group: CandidateGroup
  /** Something is being sent or written on this page. */
  busy: boolean
  /** The answer being kept, while the server keeps it. */
  keeping: string | null
  modelLabel: (id: string) => string
  actions: MessageActions
  onKeep: (candidate: ChatMessage) => void
}) {
  const t = useT()
  const settled = !group.live && groupSettled(group)
  // Saved as streaming but not streamed here: another tab is writing them.
  const elsewhere = !group.live && !settled
  const count = group.candidates.length

  return (
    <section className={styles.compare} aria-label={t('chat.compare.groupLabel', { count })} data-testid="compare-group" data-question-id={group.questionId}>
      <div className={styles.compareHead}>
        <span className={styles.compareTitle}>
          <Icon name="columns" size={14} />
          {t('chat.compare.title')}
        </span>
        <span className="subtle">
          {group.live ? t('chat.compare.writing') : elsewhere ? t('chat.compare.elsewhere') : group.saving ? t('chat.compare.saving') : t('chat.compare.keepHint')}
        </span>
        {elsewhere && (
          <Button size="sm" variant="secondary" onClick={actions.onRefresh}>
            <Icon name="retry" size={13} />
            {t('chat.message.refresh')}
          </Button>
        )}
      </div>
      {count === 0 ? (
        <Thinking label={t('chat.status.searching')} testId="answer-pending" />
      ) : (
        <div className={styles.candidates} data-count={count}>
          {group.candidates.map((candidate) => (
            <CandidateColumn
              key={candidate.id}
              candidate={candidate}
              live={group.live}
              canKeep={settled && !group.saving && !busy && keeping === null}
              keeping={keeping === candidate.id}
              modelLabel={modelLabel}
              actions={actions}
              onKeep={onKeep}
            />
          ))}
        </div>
      )}
    </section>
  )
})

const CandidateColumn = memo(function CandidateColumn({
  candidate,
  live,
  canKeep,
  keeping,
  modelLabel,
  actions,
  onKeep,
}: {
  candidate: ChatMessage
  live: CandidateGroup['live']
  canKeep: boolean
  keeping: boolean
  modelLabel: (id: string) => string
  actions: MessageActions
  onKeep: (candidate: ChatMessage) => void
}) {
  const t = useT()
  const locale = useLocale()
  const meta = candidate.metadata ?? {}
  const status = candidateStatus(candidate)
  const streaming = status === 'streaming' && live !== null
  const text = messageText(candidate)
  const citations = messageCitations(candidate)
  const label = meta.model ? modelLabel(meta.model) : t('chat.compare.unknownModel')
  const ttft = meta.ttftMs ?? live?.firstMs[candidate.id] ?? null
  const input = meta.usage?.inputTokens
  const output = meta.usage?.outputTokens
  const statusText = {
    streaming: t('chat.compare.status.streaming'),
    complete: t('chat.compare.status.complete'),
    interrupted: t('chat.message.interrupted'),
    failed: t('chat.message.failed'),
  }[status]

  return (
    <article
      className={styles.candidate}
      data-testid="candidate"
      data-model={meta.model ?? ''}
      data-status={status}
      data-message-id={candidate.id}
      aria-label={t('chat.compare.candidateLabel', { model: label })}
      aria-busy={streaming || undefined}
    >
      <header className={styles.candidateHead}>
        <strong className={styles.candidateModel} title={label}>
          {label}
        </strong>
        <Badge tone={statusTones[status]}>{statusText}</Badge>
      </header>

      <div className={styles.candidateBody}>
        {status === 'streaming' && !text ? (
          <Thinking label={t('chat.status.writing')} />
        ) : (
          <div className={[styles.markdown, streaming && styles.streamingText].filter(Boolean).join(' ')} data-testid="answer-text">
            {text ? (
              <AnswerMarkdown text={text} citations={citations} onCite={(n, target) => actions.onCite(candidate, n, target)} />
            ) : (
              status === 'complete' && <p className="muted">{t('chat.message.empty')}</p>
            )}
          </div>
        )}
        {status === 'failed' && <p className={styles.candidateError}>{errorText(t, meta.errorCode)}</p>}
        {status === 'interrupted' && <p className="subtle">{t('chat.message.interruptedHint')}</p>}
        {meta.unanswered && status === 'complete' && (
          <div>
            <Badge tone="neutral">{t('chat.message.unanswered')}</Badge>
          </div>
        )}
      </div>

      <dl className={styles.candidateStats} data-testid="candidate-stats">
        <div>
          <dt>{t('chat.compare.ttft')}</dt>
          <dd>{ttft !== null ? formatSeconds(ttft, locale) : '—'}</dd>
        </div>
        <div>
          <dt>{t('chat.compare.total')}</dt>
          <dd>{typeof meta.totalMs === 'number' ? formatSeconds(meta.totalMs, locale) : streaming && live ? <Elapsed since={live.startedAt} /> : '—'}</dd>
        </div>
        <div title={t('chat.meta.tokensTitle')}>
          <dt>{t('chat.compare.tokens')}</dt>
          <dd>{typeof input === 'number' || typeof output === 'number' ? `${formatCount(input ?? 0, locale)} + ${formatCount(output ?? 0, locale)}` : '—'}</dd>
        </div>
      </dl>

      <footer className={styles.candidateFoot}>
        {citations.length > 0 && text && !streaming && (
          <button type="button" className={styles.sourcesButton} onClick={(e) => actions.onSources(candidate, e.currentTarget)} data-testid="open-sources">
            <Icon name="documents" size={13} />
            {t('chat.message.sources', { count: citations.length })}
          </button>
        )}
        {text && !streaming && <CopyButton value={text} size="sm" />}
        <Button
          size="sm"
          variant="primary"
          className={styles.keepButton}
          disabled={!canKeep || (status === 'failed' && !text)}
          pending={keeping}
          onClick={() => onKeep(candidate)}
          data-testid="keep-answer"
        >
          <Icon name="check" size={13} />
          {t('chat.compare.keep')}
        </Button>
      </footer>
    </article>
  )
})

/** Time since `since` (performance.now()), ticking while an answer is written. */
function Elapsed({ since }: { since: number }) {
  const locale = useLocale()
  const [elapsed, setElapsed] = useState(0)
  useEffect(() => {
    const tick = () => setElapsed(performance.now() - since)
    const timer = setInterval(tick, 100)
    tick()
    return () => clearInterval(timer)
  }, [since])
  return <span aria-hidden="true">{formatSeconds(elapsed, locale)}</span>
}
