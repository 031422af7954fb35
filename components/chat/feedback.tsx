'use client'

import { useState, type FormEvent } from 'react'
import { useT } from '@/lib/i18n/client'
import { callApi, errorMessage } from '../api'
import { Button } from '../ui/button'
import { Icon } from '../ui/icons'
import type { ApiMessage, Feedback } from './types'
import styles from './chat.module.css'

/** Thumbs up or down on an answer, then an optional comment. Pressing the chosen thumb again takes it back. */
export function FeedbackButtons({ messageId, feedback, onChange }: { messageId: string; feedback: Feedback | null; onChange: (feedback: Feedback | null) => void }) {
  const t = useT()
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [commenting, setCommenting] = useState(false)
  const [comment, setComment] = useState('')
  const [thanks, setThanks] = useState(false)
  const fallback = t('common.unexpectedError')

  async function send(rating: 'up' | 'down' | null, text?: string) {
    setPending(true)
    setError(null)
    try {
      const { data } = await callApi<ApiMessage>(`/api/messages/${messageId}/feedback`, {
        method: 'POST',
        body: text !== undefined ? { rating, comment: text } : { rating },
        fallbackMessage: fallback,
      })
      onChange(data?.feedback ?? (rating ? { rating, comment: text ?? null } : null))
      return true
    } catch (e) {
      setError(errorMessage(e, fallback))
      return false
    } finally {
      setPending(false)
    }
  }

  async function rate(rating: 'up' | 'down') {
    const next = feedback?.rating === rating ? null : rating
    setThanks(false)
    if (await send(next)) {
      setCommenting(next !== null)
      setComment('')
    }
  }

  async function submitComment(event: FormEvent) {
    event.preventDefault()
    if (!feedback) return
    if (await send(feedback.rating, comment.trim())) {
      setCommenting(false)
      setThanks(true)
    }
  }

  return (
    <>
      <div className={styles.feedback} role="group" aria-label={t('chat.feedback.label')}>
        <button
          type="button"
          className={[styles.iconButton, feedback?.rating === 'up' && styles.iconButtonOn].filter(Boolean).join(' ')}
          aria-pressed={feedback?.rating === 'up'}
          aria-label={t('chat.feedback.up')}
          title={t('chat.feedback.up')}
          disabled={pending}
          onClick={() => rate('up')}
          data-testid="feedback-up"
        >
          <Icon name="thumbsUp" size={15} />
        </button>
        <button
          type="button"
          className={[styles.iconButton, feedback?.rating === 'down' && styles.iconButtonOn].filter(Boolean).join(' ')}
          aria-pressed={feedback?.rating === 'down'}
          aria-label={t('chat.feedback.down')}
          title={t('chat.feedback.down')}
          disabled={pending}
          onClick={() => rate('down')}
          data-testid="feedback-down"
        >
          <Icon name="thumbsDown" size={15} />
        </button>
      </div>
      {commenting && feedback && (
        <form className={styles.feedbackForm} onSubmit={submitComment}>
          <label className="visually-hidden" htmlFor={`feedback-${messageId}`}>
            {t(feedback.rating === 'up' ? 'chat.feedback.commentUp' : 'chat.feedback.commentDown')}
          </label>
          <input
            id={`feedback-${messageId}`}
            className="input"
            value={comment}
            maxLength={2000}
            autoFocus
            placeholder={t(feedback.rating === 'up' ? 'chat.feedback.commentUp' : 'chat.feedback.commentDown')}
            onChange={(e) => setComment(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault()
                e.stopPropagation()
                setCommenting(false)
              }
            }}
            data-testid="feedback-comment"
          />
          <Button size="sm" variant="ghost" onClick={() => setCommenting(false)}>
            {t('chat.feedback.skip')}
          </Button>
          <Button size="sm" variant="primary" type="submit" pending={pending} disabled={!comment.trim()}>
            {t('chat.feedback.send')}
          </Button>
        </form>
      )}
      <span className={styles.feedbackStatus} role="status">
        {thanks ? t('chat.feedback.thanks') : ''}
      </span>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  )
}
