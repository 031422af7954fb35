'use client'

import { type FormEvent, type RefObject } from 'react'
import { useT } from '@/lib/i18n/client'
import { Icon } from '../ui/icons'
import type { Model } from './types'
import styles from './chat.module.css'

/** The question box: Enter sends, Shift+Enter adds a line, Escape stops an answer; the model picker beside the button. */
export function Composer({
  inputRef,
  value,
  onChange,
  onSend,
  onStop,
  busy,
  models,
  model,
  onModel,
}: {
  inputRef: RefObject<HTMLTextAreaElement | null>
  value: string
  onChange: (value: string) => void
  onSend: () => void
  onStop: () => void
  busy: boolean
  models: Model[] | null
  model: string
  onModel: (id: string) => void
}) {
  const t = useT()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!busy) onSend()
  }

  return (
    <form className={styles.composer} onSubmit={submit} aria-label={t('chat.composer.label')}>
      <label htmlFor="chat-input" className="visually-hidden">
        {t('chat.composer.input')}
      </label>
      <textarea
        id="chat-input"
        ref={inputRef}
        className={styles.composerInput}
        rows={1}
        value={value}
        maxLength={8000}
        placeholder={t('chat.composer.placeholder')}
        aria-describedby="chat-input-hint"
        data-testid="chat-input"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault()
            if (!busy) onSend()
          } else if (e.key === 'Escape' && busy) {
            e.preventDefault()
            onStop()
          }
        }}
      />
      <div className={styles.composerBar}>
        <p id="chat-input-hint" className={styles.composerHint}>
          {busy ? t('chat.composer.hintBusy') : t('chat.composer.hint')}
        </p>
        <div className={styles.composerTools}>
          {models && models.length > 0 && (
            <>
              <label htmlFor="chat-model" className="visually-hidden">
                {t('chat.composer.model')}
              </label>
              <select id="chat-model" className="select select-sm" value={model} onChange={(e) => onModel(e.target.value)} title={t('chat.composer.model')} data-testid="model-picker">
                {models.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.default && models.length > 1 ? t('chat.composer.modelDefault', { label: m.label }) : m.label}
                  </option>
                ))}
              </select>
            </>
          )}
          {busy ? (
            <button type="button" className={`${styles.sendButton} ${styles.stopButton}`} onClick={onStop} aria-label={t('chat.composer.stop')} title={t('chat.composer.stopTitle')} data-testid="stop-button">
              <Icon name="stop" size={16} />
            </button>
          ) : (
            <button type="submit" className={styles.sendButton} disabled={!value.trim()} aria-label={t('chat.composer.send')} title={t('chat.composer.sendTitle')} data-testid="send-button">
              <Icon name="send" size={16} />
            </button>
          )}
        </div>
      </div>
    </form>
  )
}
