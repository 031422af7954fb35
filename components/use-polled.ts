'use client'

import { useCallback, useEffect, useState } from 'react'
import { callApi, errorMessage } from './api'

/** GETs an API path now and every `intervalMs` while the page is visible; `reload()` fetches at once. */
export function usePolled<T>(path: string, intervalMs: number, fallbackMessage: string) {
  // Kept with the path it answers, so a filter change never shows the previous filter's data.
  const [loaded, setLoaded] = useState<{ path: string; data: T } | null>(null)
  const [error, setError] = useState<string | null>(null)

  const reload = useCallback(async () => {
    try {
      const result = await callApi<T>(path, { fallbackMessage })
      setLoaded({ path, data: result.data })
      setError(null)
    } catch (caught) {
      setError(errorMessage(caught, fallbackMessage))
    }
  }, [path, fallbackMessage])

  useEffect(() => {
    const first = setTimeout(() => void reload(), 0)
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void reload()
    }, intervalMs)
    return () => {
      clearTimeout(first)
      clearInterval(timer)
    }
  }, [reload, intervalMs])

  return { data: loaded?.path === path ? loaded.data : null, error, reload }
}
