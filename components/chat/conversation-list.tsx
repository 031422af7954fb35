'use client'

import Link from 'next/link'
import { useCallback, useEffect, useState } from 'react'
import { useT } from '@/lib/i18n/client'
import { callApi } from '../api'
import { Button } from '../ui/button'
import { Icon } from '../ui/icons'
import { ConversationItem } from './conversation-item'
import { groupByDate, type DateGroup } from './format'
import type { Conversation, Facets, Page } from './types'
import styles from './chat.module.css'

const PAGE = 30

/** The last list shown per workspace and filter: the list paints at once when the page changes, then refreshes. */
const cache = new Map<string, { items: Conversation[]; nextCursor: string | null }>()
const facetsCache = new Map<string, Facets>()

const groupKeys: Record<DateGroup, 'chat.group.today' | 'chat.group.yesterday' | 'chat.group.week' | 'chat.group.older'> = {
  today: 'chat.group.today',
  yesterday: 'chat.group.yesterday',
  week: 'chat.group.week',
  older: 'chat.group.older',
}

interface Filters {
  q: string
  favorite: boolean
  folder: string
  tag: string
  /** '' : the person's own conversations; admins may list the widget's or the API's instead. */
  channel: '' | 'widget' | 'api'
}

const filterQuery = (f: Filters) => {
  const params = new URLSearchParams({ limit: String(PAGE) })
  if (f.q) params.set('q', f.q)
  if (f.favorite) params.set('favorite', 'true')
  if (f.folder) params.set('folder', f.folder)
  if (f.tag) params.set('tag', f.tag)
  if (f.channel) params.set('channel', f.channel)
  return params
}

/**
 * The conversations of the signed-in person: grouped by date, paginated, searchable in
 * titles and messages, filtered by favourites, folder and tag; each with its menu.
 */
export function ConversationList({
  workspaceId,
  activeId,
  version,
  onNewChat,
  onChanged,
  onDeleted,
  announce,
  seesChannels = false,
}: {
  workspaceId: string
  /** An admin: may list the conversations held in the widget and through the API. */
  seesChannels?: boolean
  activeId: string | null
  /** Bumped by the page when a conversation changed elsewhere (new answer, new title). */
  version: number
  onNewChat: () => void
  onChanged: (conversation: Conversation) => void
  onDeleted: (conversation: Conversation) => void
  announce: (message: string) => void
}) {
  const t = useT()
  const [input, setInput] = useState('')
  const [filters, setFilters] = useState<Filters>({ q: '', favorite: false, folder: '', tag: '', channel: '' })
  const [reload, setReload] = useState(0)
  const key = `${workspaceId}?${filterQuery(filters).toString()}`
  const [list, setList] = useState<{ key: string; items: Conversation[]; nextCursor: string | null; error: boolean } | null>(() => {
    const cached = cache.get(key)
    return cached ? { key, ...cached, error: false } : null
  })
  const [facets, setFacets] = useState<Facets>(() => facetsCache.get(workspaceId) ?? { folders: [], tags: [] })
  const [more, setMore] = useState(false)

  // The search box waits for a pause in typing.
  useEffect(() => {
    const q = input.trim()
    const timer = setTimeout(() => setFilters((f) => (f.q === q ? f : { ...f, q })), 300)
    return () => clearTimeout(timer)
  }, [input])

  useEffect(() => {
    let cancelled = false
    const fallbackMessage = t('common.unexpectedError')
    callApi<Page<Conversation>>(`/api/workspaces/${workspaceId}/conversations?${filterQuery(filters).toString()}`, { fallbackMessage })
      .then(({ data }) => {
        if (cancelled) return
        cache.set(key, { items: data.items, nextCursor: data.nextCursor })
        setList({ key, items: data.items, nextCursor: data.nextCursor, error: false })
      })
      .catch(() => {
        if (!cancelled) setList((current) => ({ key, items: current?.key === key ? current.items : [], nextCursor: null, error: true }))
      })
    return () => {
      cancelled = true
    }
  }, [workspaceId, filters, key, version, reload, t])

  useEffect(() => {
    let cancelled = false
    callApi<Facets>(`/api/workspaces/${workspaceId}/conversations/facets`, { fallbackMessage: '' })
      .then(({ data }) => {
        if (cancelled) return
        facetsCache.set(workspaceId, data)
        setFacets(data)
      })
      .catch(() => {})
    return () => {
      cancelled = true
    }
  }, [workspaceId, version, reload])

  async function loadMore() {
    if (!list?.nextCursor) return
    setMore(true)
    try {
      const params = filterQuery(filters)
      params.set('cursor', list.nextCursor)
      const { data } = await callApi<Page<Conversation>>(`/api/workspaces/${workspaceId}/conversations?${params.toString()}`, { fallbackMessage: t('common.unexpectedError') })
      setList((current) => {
        if (!current || current.key !== key) return current
        const seen = new Set(current.items.map((c) => c.id))
        const next = { key, items: [...current.items, ...data.items.filter((c) => !seen.has(c.id))], nextCursor: data.nextCursor, error: false }
        cache.set(key, { items: next.items, nextCursor: next.nextCursor })
        return next
      })
    } catch {
      setList((current) => (current ? { ...current, error: true } : current))
    } finally {
      setMore(false)
    }
  }

  const changed = useCallback(
    (conversation: Conversation) => {
      setList((current) => (current ? { ...current, items: current.items.map((c) => (c.id === conversation.id ? conversation : c)) } : current))
      setReload((n) => n + 1)
      onChanged(conversation)
    },
    [onChanged],
  )

  const deleted = useCallback(
    (conversation: Conversation) => {
      setList((current) => (current ? { ...current, items: current.items.filter((c) => c.id !== conversation.id) } : current))
      setReload((n) => n + 1)
      onDeleted(conversation)
    },
    [onDeleted],
  )

  const current = list?.key === key ? list : null
  const loading = !current
  const items = current?.items ?? (list?.items ?? [])
  const searching = filters.q !== ''
  const filtered = searching || filters.favorite || filters.folder !== '' || filters.tag !== '' || filters.channel !== ''
  const folderExists = !filters.folder || facets.folders.some((f) => f.name === filters.folder)
  const tagExists = !filters.tag || facets.tags.some((f) => f.name === filters.tag)

  const renderItem = (conversation: Conversation) => (
    <ConversationItem
      key={conversation.id}
      workspaceId={workspaceId}
      conversation={conversation}
      active={conversation.id === activeId}
      facets={facets}
      onChanged={changed}
      onDeleted={deleted}
      announce={announce}
    />
  )

  return (
    <nav className={styles.list} aria-label={t('chat.list.label')} data-testid="conversation-list">
      <div className={styles.listTop}>
        <Link href={`/workspaces/${workspaceId}/chat`} className="btn btn-primary btn-block" onClick={onNewChat} data-testid="new-chat">
          <Icon name="plus" size={16} />
          {t('chat.newChat')}
        </Link>
        <div className={styles.searchBox} role="search">
          <Icon name="search" size={15} />
          <input
            type="search"
            className="input"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && input) {
                e.preventDefault()
                e.stopPropagation()
                setInput('')
              }
            }}
            placeholder={t('chat.list.searchPlaceholder')}
            aria-label={t('chat.list.search')}
            data-testid="conversation-search"
            maxLength={200}
          />
        </div>
        <div className={styles.filters} role="group" aria-label={t('chat.list.filters')}>
          <button
            type="button"
            className={[styles.filterToggle, filters.favorite && styles.filterOn].filter(Boolean).join(' ')}
            aria-pressed={filters.favorite}
            onClick={() => setFilters((f) => ({ ...f, favorite: !f.favorite }))}
            data-testid="filter-favorites"
          >
            <Icon name="star" size={13} />
            {t('chat.list.favorites')}
          </button>
          {seesChannels && (
            <select
              className="select select-sm"
              value={filters.channel}
              onChange={(e) => setFilters((f) => ({ ...f, channel: e.target.value as Filters['channel'] }))}
              aria-label={t('chat.list.channel')}
              data-testid="filter-channel"
            >
              <option value="">{t('chat.list.channel.all')}</option>
              <option value="widget">{t('chat.list.channel.widget')}</option>
              <option value="api">{t('chat.list.channel.api')}</option>
            </select>
          )}
          {(facets.folders.length > 0 || filters.folder) && (
            <select
              className="select select-sm"
              value={filters.folder}
              onChange={(e) => setFilters((f) => ({ ...f, folder: e.target.value }))}
              aria-label={t('chat.list.folderFilter')}
              data-testid="filter-folder"
            >
              <option value="">{t('chat.list.allFolders')}</option>
              {!folderExists && <option value={filters.folder}>{filters.folder}</option>}
              {facets.folders.map((folder) => (
                <option key={folder.name} value={folder.name}>
                  {t('chat.list.facetCount', { name: folder.name, count: folder.count })}
                </option>
              ))}
            </select>
          )}
          {(facets.tags.length > 0 || filters.tag) && (
            <select
              className="select select-sm"
              value={filters.tag}
              onChange={(e) => setFilters((f) => ({ ...f, tag: e.target.value }))}
              aria-label={t('chat.list.tagFilter')}
              data-testid="filter-tag"
            >
              <option value="">{t('chat.list.allTags')}</option>
              {!tagExists && <option value={filters.tag}>#{filters.tag}</option>}
              {facets.tags.map((tag) => (
                <option key={tag.name} value={tag.name}>
                  {t('chat.list.facetCount', { name: `#${tag.name}`, count: tag.count })}
                </option>
              ))}
            </select>
          )}
        </div>
      </div>

      <div className={styles.listBody} aria-busy={loading}>
        {list?.error && (
          <p className={styles.listNote} role="alert">
            {t('chat.list.loadFailed')}{' '}
            <button type="button" className={styles.linkButton} onClick={() => setReload((n) => n + 1)}>
              {t('chat.list.tryAgain')}
            </button>
          </p>
        )}
        {loading && items.length === 0 ? (
          <p className={`${styles.listNote} row`}>
            <span className="spinner" aria-hidden="true" />
            {t('chat.list.loading')}
          </p>
        ) : items.length === 0 ? (
          <p className={styles.listNote} data-testid="conversation-list-empty">
            {searching ? t('chat.list.noResults', { query: filters.q }) : filtered ? t('chat.list.noMatch') : t('chat.list.empty')}
          </p>
        ) : searching ? (
          <section aria-label={t('chat.list.results')}>
            <h3 className={styles.groupTitle}>{t('chat.list.resultsFor', { query: filters.q })}</h3>
            <ul className={styles.convs}>{items.map(renderItem)}</ul>
          </section>
        ) : (
          groupByDate(items).map(({ group, items: groupItems }) => (
            <section key={group} aria-labelledby={`group-${group}`}>
              <h3 className={styles.groupTitle} id={`group-${group}`}>
                {t(groupKeys[group])}
              </h3>
              <ul className={styles.convs}>{groupItems.map(renderItem)}</ul>
            </section>
          ))
        )}
        {current?.nextCursor && (
          <Button size="sm" variant="ghost" block pending={more} onClick={loadMore} data-testid="conversations-more">
            {t('chat.list.more')}
          </Button>
        )}
      </div>
    </nav>
  )
}
