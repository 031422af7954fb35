'use client'

import { useCallback, useState } from 'react'
import { useT } from '@/lib/i18n/client'
import { errorMessage } from './api'

/** Pending / error / success state around one API call at a time. */
export function useApiAction() {
  const t = useT()
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [success, setSuccess] = useState<string | null>(null)

  const run = useCallback(
    async <T,>(action: () => Promise<T>, successMessage?: string): Promise<T | undefined> => {
      setPending(true)
      setError(null)
      setSuccess(null)
      try {
        const result = await action()
        if (successMessage) setSuccess(successMessage)
        return result
      } catch (e) {
        setError(errorMessage(e, t('common.unexpectedError')))
        return undefined
      } finally {
        setPending(false)
      }
    },
    [t],
  )

  return { pending, error, success, run, setError, setSuccess, fallback: t('common.unexpectedError') }
}
