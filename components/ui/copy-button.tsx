'use client'

import { useEffect, useState } from 'react'
import { useT } from '@/lib/i18n/client'
import { Button } from './button'
import { Icon } from './icons'

/** Copies `value`; says "Copied" for a moment, politely announced to screen readers. */
export function CopyButton({ value, label, size }: { value: string; label?: string; size?: 'md' | 'sm' }) {
  const t = useT()
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')

  useEffect(() => {
    if (state !== 'copied') return
    const timer = setTimeout(() => setState('idle'), 2000)
    return () => clearTimeout(timer)
  }, [state])

  async function copy() {
    try {
      await navigator.clipboard.writeText(value)
      setState('copied')
    } catch {
      setState('failed')
    }
  }

  return (
    <>
      <Button variant="secondary" size={size} onClick={copy}>
        <Icon name={state === 'copied' ? 'check' : 'copy'} size={14} />
        {state === 'copied' ? t('common.copied') : (label ?? t('common.copy'))}
      </Button>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : ''}
      </span>
      {state === 'failed' && <span className="field-error">{t('common.copyFailed')}</span>}
    </>
  )
}
