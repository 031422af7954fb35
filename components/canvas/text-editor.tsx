'use client'

import { useState } from 'react'
import { codeFence } from '@/lib/artifacts/kinds'
import { useT } from '@/lib/i18n/client'
import { AnswerMarkdown } from '../chat/markdown'
import styles from './canvas.module.css'

const noCitations: never[] = []
const ignore = () => {}

/** Markdown (a document) or code, edited as text beside its rendering (Markdown sanitised, code highlighted). */
export function TextEditor({ value, language, onChange }: { value: string; language: string | null; onChange: (value: string) => void }) {
  const t = useT()
  const [mode, setMode] = useState<'edit' | 'preview'>('preview')
  return (
    <div className={styles.textEditor}>
      <div className={styles.tabs} role="tablist">
        {(['preview', 'edit'] as const).map((m) => (
          <button key={m} type="button" role="tab" aria-selected={mode === m} className={styles.tab} onClick={() => setMode(m)} data-testid={`canvas-${m}`}>
            {t(m === 'edit' ? 'canvas.edit' : 'canvas.preview')}
          </button>
        ))}
      </div>
      {mode === 'edit' ? (
        <textarea
          className={`textarea ${styles.textArea} ${language ? styles.code : ''}`}
          value={value}
          spellCheck={language === null}
          aria-label={t(language ? 'canvas.kind.code' : 'canvas.kind.document')}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            // Tab indents code instead of leaving the editor; Escape then Tab still leaves.
            if (language && e.key === 'Tab' && !e.shiftKey) {
              e.preventDefault()
              const el = e.currentTarget
              const { selectionStart: start, selectionEnd: end } = el
              onChange(`${value.slice(0, start)}  ${value.slice(end)}`)
              requestAnimationFrame(() => el.setSelectionRange(start + 2, start + 2))
            }
          }}
          data-testid="canvas-text"
        />
      ) : (
        <div className={styles.preview} data-testid="canvas-preview">
          <AnswerMarkdown text={language ? codeFence(language, value) : value} citations={noCitations} onCite={ignore} />
        </div>
      )}
    </div>
  )
}
