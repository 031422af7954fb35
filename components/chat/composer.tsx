'use client'

import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react'
import { useT } from '@/lib/i18n/client'
import { Icon } from '../ui/icons'
import { MAX_COMPARED, MIN_COMPARED } from './compare'
import type { Model } from './types'
import styles from './chat.module.css'

/**
 * The question box: Enter sends, Shift+Enter adds a line, Escape stops an answer; the model
 * picker beside the button. With "Compare" on, the picker chooses 2 to 4 models that all
 * answer the question.
 */
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
  compare,
  onCompare,
  onCompareModels,
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
  /** Compare mode and the models it asks; comparing needs at least two models. */
  compare: { on: boolean; models: string[] }
  onCompare: (on: boolean) => void
  onCompareModels: (ids: string[]) => void
}) {
  const t = useT()
  const canCompare = !!models && models.length >= MIN_COMPARED
  const comparing = canCompare && compare.on
  const ready = !comparing || compare.models.length >= MIN_COMPARED
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!busy && ready) onSend()
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
        placeholder={comparing ? t('chat.compare.placeholder') : t('chat.composer.placeholder')}
        aria-describedby="chat-input-hint"
        data-testid="chat-input"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault()
            if (!busy && ready) onSend()
          } else if (e.key === 'Escape' && busy) {
            e.preventDefault()
            onStop()
          }
        }}
      />
      <div className={styles.composerBar}>
        <p id="chat-input-hint" className={styles.composerHint}>
          {busy ? t('chat.composer.hintBusy') : comparing && !ready ? t('chat.compare.needTwo') : t('chat.composer.hint')}
        </p>
        <div className={styles.composerTools}>
          {canCompare && (
            <button
              type="button"
              className={[styles.compareToggle, comparing && styles.compareToggleOn].filter(Boolean).join(' ')}
              aria-pressed={comparing}
              title={t('chat.compare.toggleTitle')}
              onClick={() => onCompare(!comparing)}
              data-testid="compare-toggle"
            >
              <Icon name="columns" size={14} />
              {t('chat.compare.toggle')}
            </button>
          )}
          {models && models.length > 0 && (comparing ? (
            <ModelMultiSelect models={models} chosen={compare.models} onChange={onCompareModels} />
          ) : (
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
          ))}
          {busy ? (
            <button type="button" className={`${styles.sendButton} ${styles.stopButton}`} onClick={onStop} aria-label={t('chat.composer.stop')} title={t('chat.composer.stopTitle')} data-testid="stop-button">
              <Icon name="stop" size={16} />
            </button>
          ) : (
            <button
              type="submit"
              className={styles.sendButton}
              disabled={!value.trim() || !ready}
              aria-label={comparing ? t('chat.compare.send') : t('chat.composer.send')}
              title={comparing ? t('chat.compare.sendTitle') : t('chat.composer.sendTitle')}
              data-testid="send-button"
            >
              <Icon name="send" size={16} />
            </button>
          )}
        </div>
      </div>
    </form>
  )
}

/**
 * 2 to 4 models, as checkboxes in a small popover above the button. The button opens it
 * (so do Down and Up arrows), Escape or a click outside closes it and focus goes back to
 * the button; Tab moves through the checkboxes and Space ticks them.
 */
function ModelMultiSelect({ models, chosen, onChange }: { models: Model[]; chosen: string[]; onChange: (ids: string[]) => void }) {
  const t = useT()
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '')
  const [open, setOpen] = useState(false)
  const wrap = useRef<HTMLDivElement>(null)
  const trigger = useRef<HTMLButtonElement>(null)
  const popover = useRef<HTMLFieldSetElement>(null)
  const full = chosen.length >= MAX_COMPARED
  const labels = models.filter((m) => chosen.includes(m.id)).map((m) => m.label)

  useEffect(() => {
    if (!open) return
    popover.current?.querySelector<HTMLInputElement>('input:not(:disabled)')?.focus()
    const onPointer = (event: PointerEvent) => {
      if (!wrap.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    return () => document.removeEventListener('pointerdown', onPointer)
  }, [open])

  const close = () => {
    setOpen(false)
    requestAnimationFrame(() => trigger.current?.focus())
  }

  const toggle = (modelId: string, on: boolean) => {
    // Kept in the order of the list, so that the columns always come in the same order.
    const next = on ? [...chosen, modelId] : chosen.filter((x) => x !== modelId)
    onChange(models.map((m) => m.id).filter((x) => next.includes(x)))
  }

  return (
    <div
      ref={wrap}
      className={styles.multi}
      data-testid="compare-models"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault()
          event.stopPropagation()
          close()
        }
      }}
      onBlur={(event) => {
        if (open && event.relatedTarget && !wrap.current?.contains(event.relatedTarget as Node)) setOpen(false)
      }}
    >
      <button
        ref={trigger}
        type="button"
        className={`select select-sm ${styles.multiTrigger}`}
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={open ? `${id}-models` : undefined}
        aria-label={t('chat.compare.modelsLabel', { models: labels.join(', ') || '—' })}
        title={labels.join(' · ')}
        onClick={() => setOpen(!open)}
        onKeyDown={(event) => {
          if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && !open) {
            event.preventDefault()
            setOpen(true)
          }
        }}
      >
        {chosen.length >= MIN_COMPARED ? t('chat.compare.count', { count: chosen.length }) : t('chat.compare.pickShort')}
      </button>
      {open && (
        <fieldset ref={popover} id={`${id}-models`} className={styles.multiPopover}>
          <legend className={styles.multiLegend}>{t('chat.compare.pick')}</legend>
          <ul className={styles.multiList}>
            {models.map((m) => {
              const checked = chosen.includes(m.id)
              return (
                <li key={m.id}>
                  <label className={[styles.multiOption, !checked && full && styles.multiOptionOff].filter(Boolean).join(' ')}>
                    <input type="checkbox" checked={checked} disabled={!checked && full} onChange={(e) => toggle(m.id, e.target.checked)} />
                    <span>{m.default ? t('chat.composer.modelDefault', { label: m.label }) : m.label}</span>
                  </label>
                </li>
              )
            })}
          </ul>
          <p className={styles.multiNote} role="status">
            {chosen.length < MIN_COMPARED ? t('chat.compare.needTwo') : full ? t('chat.compare.atMost') : t('chat.compare.limits')}
          </p>
        </fieldset>
      )}
    </div>
  )
}
