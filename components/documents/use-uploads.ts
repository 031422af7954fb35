'use client'

import { useCallback, useEffect, useRef, useState } from 'react'
import type { DocumentInfo } from './format'

/** Two files travel at a time; the others wait their turn. */
const CONCURRENCY = 2

export type UploadPhase = 'waiting' | 'uploading' | 'sent' | 'error'

export interface UploadItem {
  key: string
  name: string
  size: number
  phase: UploadPhase
  /** 0 to 100 while uploading. */
  percent: number
  /** The document the server created, once sent. */
  docId: string | null
  /** The status the upload answer gave (the live list takes over once it has the document). */
  status: DocumentInfo['status'] | null
  reason: NonNullable<DocumentInfo['error']>['reason'] | null
  /** A message for a person when the upload itself failed. */
  error: string | null
}

interface Sent {
  status: number
  body: unknown
}

/** One file as multipart field `file`, reporting upload progress (fetch cannot). */
function send(url: string, file: File, onProgress: (percent: number) => void): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    xhr.withCredentials = true
    xhr.setRequestHeader('accept', 'application/json')
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.min(100, Math.round((event.loaded / event.total) * 100)))
    }
    xhr.onload = () => {
      let body: unknown
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined
      } catch {
        body = undefined
      }
      resolve({ status: xhr.status, body })
    }
    xhr.onerror = () => reject(new Error('network'))
    xhr.onabort = () => reject(new Error('aborted'))
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })
}

let counter = 0

/**
 * The upload queue of the documents page: files over `maxBytes` are refused before sending;
 * the others are sent one request each, two at a time, with their own progress.
 */
export function useUploads({
  workspaceId,
  maxBytes,
  messages,
  onSent,
  onForbidden,
}: {
  workspaceId: string
  maxBytes: number
  messages: { tooBig: (size: number) => string; failed: string }
  onSent: (item: UploadItem) => void
  onForbidden: () => void
}) {
  const [items, setItems] = useState<UploadItem[]>([])
  const files = useRef(new Map<string, File>())
  const started = useRef(new Set<string>())
  const latest = useRef({ messages, onSent, onForbidden })
  useEffect(() => {
    latest.current = { messages, onSent, onForbidden }
  })

  const update = useCallback((key: string, patch: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...patch } : item)))
  }, [])

  const start = useCallback(
    async (item: UploadItem) => {
      const file = files.current.get(item.key)
      if (!file) return
      update(item.key, { phase: 'uploading', percent: 0 })
      try {
        const { status, body } = await send(`/api/workspaces/${workspaceId}/documents`, file, (percent) => update(item.key, { percent }))
        files.current.delete(item.key)
        if (status >= 200 && status < 300) {
          const sent = (body as { items?: { id: string; status: DocumentInfo['status']; error: DocumentInfo['error'] }[] } | undefined)?.items?.[0]
          const patch: Partial<UploadItem> = { phase: 'sent', percent: 100, docId: sent?.id ?? null, status: sent?.status ?? 'queued', reason: sent?.error?.reason ?? null }
          update(item.key, patch)
          latest.current.onSent({ ...item, ...patch })
          return
        }
        if (status === 403) latest.current.onForbidden()
        const apiMessage = (body as { error?: { message?: string } } | undefined)?.error?.message
        update(item.key, { phase: 'error', error: status === 413 ? latest.current.messages.tooBig(item.size) : apiMessage || latest.current.messages.failed })
      } catch {
        files.current.delete(item.key)
        update(item.key, { phase: 'error', error: latest.current.messages.failed })
      }
    },
    [update, workspaceId],
  )

  useEffect(() => {
    const active = items.filter((item) => item.phase === 'uploading').length
    const next = items.filter((item) => item.phase === 'waiting' && !started.current.has(item.key)).slice(0, Math.max(0, CONCURRENCY - active))
    for (const item of next) {
      started.current.add(item.key)
      void start(item)
    }
  }, [items, start])

  const add = useCallback(
    (list: FileList | File[]) => {
      const added: UploadItem[] = []
      for (const file of Array.from(list)) {
        const key = `u${++counter}`
        const tooBig = file.size > maxBytes
        if (!tooBig) files.current.set(key, file)
        added.push({
          key,
          name: file.name,
          size: file.size,
          phase: tooBig ? 'error' : 'waiting',
          percent: 0,
          docId: null,
          status: null,
          reason: null,
          error: tooBig ? latest.current.messages.tooBig(file.size) : null,
        })
      }
      if (added.length) setItems((current) => [...added, ...current])
      return added
    },
    [maxBytes],
  )

  const dismiss = useCallback((key: string) => setItems((current) => current.filter((item) => item.key !== key)), [])
  const clearFinished = useCallback(() => setItems((current) => current.filter((item) => item.phase === 'waiting' || item.phase === 'uploading')), [])

  return { items, add, dismiss, clearFinished }
}
