'use client'

import { useCallback, useEffect, useRef, useState } from 'react'
import type { Artifact, ArtifactVersion } from '@/lib/artifacts/schemas'
import type { ArtifactEvent } from '@/lib/artifacts/tools'
import { callApi } from '../api'

/** One entry per artifact, its latest version, newest artifact first. */
function newestFirst(artifacts: Artifact[]): Artifact[] {
  const byId = new Map<string, Artifact>()
  for (const artifact of artifacts) {
    const known = byId.get(artifact.id)
    if (!known || artifact.version > known.version || (artifact.version === known.version && artifact.updatedAt > known.updatedAt)) byId.set(artifact.id, artifact)
  }
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

/**
 * The canvas of one conversation: its artifacts (loaded with it, then kept up to date by the
 * answers' data-artifact parts and by people's edits), which one is shown, and whether it is open.
 */
export function useCanvas(conversationId: string | null, fallbackMessage: string) {
  const [artifacts, setArtifacts] = useState<Artifact[]>([])
  const [activeId, setActiveId] = useState<string | null>(null)
  const [open, setOpen] = useState(false)
  const [loadFailed, setLoadFailed] = useState(false)
  const loadedFor = useRef<string | null>(null)

  const upsert = useCallback((...incoming: Artifact[]) => setArtifacts((list) => newestFirst([...incoming, ...list])), [])

  const show = useCallback((id: string) => {
    setActiveId(id)
    setOpen(true)
  }, [])

  useEffect(() => {
    if (conversationId === loadedFor.current) return
    const previous = loadedFor.current
    loadedFor.current = conversationId
    // Another conversation: start afresh. A new chat that just got its id keeps what streamed in.
    if (previous !== null) {
      setArtifacts([])
      setActiveId(null)
      setOpen(false)
    }
    setLoadFailed(false)
    if (!conversationId) return
    let alive = true
    callApi<{ items: Artifact[] }>(`/api/conversations/${conversationId}/artifacts?limit=100`, { fallbackMessage })
      .then(({ data }) => {
        if (!alive || loadedFor.current !== conversationId) return
        upsert(...data.items)
        // The canvas opens with the conversation, on its latest artifact.
        if (data.items.length) {
          setActiveId((current) => current ?? data.items[0].id)
          setOpen(true)
        }
      })
      .catch(() => alive && setLoadFailed(true))
    return () => {
      alive = false
    }
  }, [conversationId, fallbackMessage, upsert])

  /** An artifact made or changed by the model, as its answer streams. */
  const receive = useCallback(
    (event: ArtifactEvent) => {
      const { action: _action, content, ...summary } = event
      if (content === undefined) return
      upsert({ ...summary, content })
      show(event.id)
    },
    [upsert, show],
  )

  const request = useCallback(
    async (path: string, method: string, body?: unknown) => {
      const { data } = await callApi<Artifact>(path, { method, body, fallbackMessage })
      upsert(data)
      return data
    },
    [upsert, fallbackMessage],
  )

  const create = useCallback(
    async (body: unknown) => {
      if (!conversationId) throw new Error('no conversation')
      const artifact = await request(`/api/conversations/${conversationId}/artifacts`, 'POST', body)
      show(artifact.id)
      return artifact
    },
    [conversationId, request, show],
  )

  const rename = useCallback((artifact: Artifact, title: string) => request(`/api/artifacts/${artifact.id}`, 'PATCH', { title }), [request])
  const save = useCallback((artifact: Artifact, content: unknown) => request(`/api/artifacts/${artifact.id}`, 'PATCH', { content, baseVersion: artifact.version }), [request])
  const restore = useCallback((artifact: Artifact, version: number) => request(`/api/artifacts/${artifact.id}`, 'PATCH', { restore: version, baseVersion: artifact.version }), [request])
  const versions = useCallback(async (id: string) => (await callApi<{ items: ArtifactVersion[] }>(`/api/artifacts/${id}/versions`, { fallbackMessage })).data.items, [fallbackMessage])
  const remove = useCallback(
    async (id: string) => {
      await callApi(`/api/artifacts/${id}`, { method: 'DELETE', fallbackMessage })
      setArtifacts((list) => {
        const rest = list.filter((a) => a.id !== id)
        setActiveId(rest[0]?.id ?? null)
        if (!rest.length) setOpen(false)
        return rest
      })
    },
    [fallbackMessage],
  )

  const active = artifacts.find((a) => a.id === activeId) ?? null
  return { artifacts, active, open, setOpen, show, receive, create, save, rename, restore, versions, remove, loadFailed }
}

export type Canvas = ReturnType<typeof useCanvas>
