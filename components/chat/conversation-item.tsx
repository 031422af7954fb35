'use client'

import Link from 'next/link'
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import { useT } from '@/lib/i18n/client'
import { callApi, errorMessage } from '../api'
import { Button } from '../ui/button'
import { Badge } from '../ui/badge'
import { Icon } from '../ui/icons'
import { snippetParts } from './format'
import type { Conversation, Facets } from './types'
import { useMenu } from './use-menu'
import styles from './chat.module.css'

type Mode = 'view' | 'rename' | 'tags' | 'folder' | 'delete'

/** One conversation of the list, with its menu: rename, favourite, tags, folder, delete. */
export function ConversationItem({
  workspaceId,
  conversation,
  active,
  facets,
  onChanged,
  onDeleted,
  announce,
}: {
  workspaceId: string
  conversation: Conversation
  active: boolean
  facets: Facets
  onChanged: (conversation: Conversation) => void
  onDeleted: (conversation: Conversation) => void
  announce: (message: string) => void
}) {
  const t = useT()
  const { open: menuOpen, setOpen: setMenuOpen, close: closeMenu, triggerRef, menuRef, onMenuKeyDown, onTriggerKeyDown } = useMenu()
  const [mode, setMode] = useState<Mode>('view')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '')
  const href = `/workspaces/${workspaceId}/chat/${conversation.id}`
  const fallback = t('common.unexpectedError')

  async function patch(body: Partial<Pick<Conversation, 'title' | 'folder' | 'favorite' | 'tags'>>, message: string) {
    setPending(true)
    setError(null)
    try {
      const { data } = await callApi<Conversation>(`/api/conversations/${conversation.id}`, { method: 'PATCH', body, fallbackMessage: fallback })
      onChanged({ ...conversation, ...data, snippet: conversation.snippet })
      announce(message)
      setMode('view')
      return true
    } catch (e) {
      setError(errorMessage(e, fallback))
      return false
    } finally {
      setPending(false)
    }
  }

  async function remove() {
    setPending(true)
    setError(null)
    try {
      await callApi(`/api/conversations/${conversation.id}`, { method: 'DELETE', fallbackMessage: fallback })
      announce(t('chat.list.deleted', { title: conversation.title }))
      onDeleted(conversation)
    } catch (e) {
      setError(errorMessage(e, fallback))
      setPending(false)
    }
  }

  function choose(next: Mode | 'favorite') {
    closeMenu(next === 'favorite')
    setError(null)
    if (next === 'favorite') {
      void patch({ favorite: !conversation.favorite }, t(conversation.favorite ? 'chat.list.unfavorited' : 'chat.list.favorited', { title: conversation.title }))
    } else setMode(next)
  }

  const cancel = () => {
    setMode('view')
    setError(null)
    requestAnimationFrame(() => triggerRef.current?.focus())
  }

  const onEditorKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      cancel()
    }
  }

  return (
    <li
      className={[styles.conv, active && styles.convActive].filter(Boolean).join(' ')}
      data-testid="conversation-item"
      data-conversation-id={conversation.id}
      data-favorite={conversation.favorite ? 'true' : 'false'}
    >
      {mode === 'rename' ? (
        <RenameForm
          initial={conversation.title}
          pending={pending}
          onKeyDown={onEditorKey}
          onCancel={cancel}
          onSave={(title) => patch({ title }, t('chat.list.renamed', { title }))}
        />
      ) : (
        <div className={styles.convRow}>
          <Link href={href} className={styles.convLink} aria-current={active ? 'page' : undefined} prefetch={false}>
            <span className={styles.convTitle}>
              {conversation.favorite && (
                <span className={styles.favMark} title={t('chat.list.favorite')}>
                  <Icon name="star" size={12} />
                  <span className="visually-hidden">{t('chat.list.favorite')}, </span>
                </span>
              )}
              {conversation.title || t('chat.untitled')}
              {conversation.channel !== 'dashboard' && (
                <>
                  {' '}
                  <Badge tone="brand">{t(conversation.channel === 'widget' ? 'chat.list.widgetBadge' : 'chat.list.apiBadge')}</Badge>
                </>
              )}
            </span>
            {conversation.snippet && (
              <span className={styles.snippet} data-testid="conversation-snippet">
                {snippetParts(conversation.snippet).map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
              </span>
            )}
            {(conversation.folder || conversation.tags.length > 0) && (
              <span className={styles.convMeta}>
                {conversation.folder && (
                  <span className={styles.convFolder}>
                    <Icon name="folder" size={11} />
                    <span className="visually-hidden">{t('chat.list.inFolder')} </span>
                    {conversation.folder}
                  </span>
                )}
                {conversation.tags.map((tag) => (
                  <span key={tag} className={styles.convTag}>
                    #{tag}
                  </span>
                ))}
              </span>
            )}
          </Link>
          <div className={styles.convMenuWrap}>
            <button
              ref={triggerRef}
              type="button"
              className={styles.iconButton}
              aria-haspopup="menu"
              aria-expanded={menuOpen}
              aria-controls={menuOpen ? `${id}-menu` : undefined}
              aria-label={t('chat.list.actions', { title: conversation.title })}
              title={t('chat.list.actionsShort')}
              data-testid="conversation-menu"
              onClick={() => setMenuOpen(!menuOpen)}
              onKeyDown={onTriggerKeyDown}
            >
              <Icon name="more" size={16} />
            </button>
            {menuOpen && (
              <ul ref={menuRef} id={`${id}-menu`} role="menu" className={styles.menu} aria-label={t('chat.list.actions', { title: conversation.title })} onKeyDown={onMenuKeyDown}>
                <MenuItem icon="pencil" onClick={() => choose('rename')}>
                  {t('chat.list.rename')}
                </MenuItem>
                <MenuItem icon="star" onClick={() => choose('favorite')}>
                  {conversation.favorite ? t('chat.list.unfavorite') : t('chat.list.favoriteAction')}
                </MenuItem>
                <MenuItem icon="tag" onClick={() => choose('tags')}>
                  {t('chat.list.editTags')}
                </MenuItem>
                <MenuItem icon="folder" onClick={() => choose('folder')}>
                  {t('chat.list.moveToFolder')}
                </MenuItem>
                <MenuItem icon="trash" danger onClick={() => choose('delete')}>
                  {t('chat.list.delete')}
                </MenuItem>
              </ul>
            )}
          </div>
        </div>
      )}

      {mode === 'tags' && (
        <TagsForm
          initial={conversation.tags}
          known={facets.tags.map((tag) => tag.name)}
          pending={pending}
          onKeyDown={onEditorKey}
          onCancel={cancel}
          onSave={(tags) => patch({ tags }, t('chat.list.tagsSaved', { title: conversation.title }))}
        />
      )}

      {mode === 'folder' && (
        <FolderForm
          initial={conversation.folder}
          known={facets.folders.map((folder) => folder.name)}
          pending={pending}
          onKeyDown={onEditorKey}
          onCancel={cancel}
          onSave={(folder) =>
            patch({ folder }, folder ? t('chat.list.moved', { title: conversation.title, folder }) : t('chat.list.removedFromFolder', { title: conversation.title }))
          }
        />
      )}

      {mode === 'delete' && (
        <div className={`confirm-bar ${styles.inlineConfirm}`} role="group" aria-label={t('chat.list.deleteLabel', { title: conversation.title })} onKeyDown={onEditorKey}>
          <span>{t('chat.list.deleteConfirm', { title: conversation.title })}</span>
          <span className="row" style={{ gap: 'var(--space-2)' }}>
            <Button size="sm" variant="ghost" onClick={cancel} disabled={pending}>
              {t('common.cancel')}
            </Button>
            <Button size="sm" variant="danger" pending={pending} onClick={remove} autoFocus>
              {t('chat.list.deleteConfirmButton')}
            </Button>
          </span>
        </div>
      )}

      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  )
}

function MenuItem({ icon, danger, onClick, children }: { icon: 'pencil' | 'star' | 'tag' | 'folder' | 'trash'; danger?: boolean; onClick: () => void; children: string }) {
  return (
    <li role="none">
      <button type="button" role="menuitem" tabIndex={-1} className={[styles.menuItem, danger && styles.menuItemDanger].filter(Boolean).join(' ')} onClick={onClick}>
        <Icon name={icon} size={14} />
        {children}
      </button>
    </li>
  )
}

function RenameForm({
  initial,
  pending,
  onSave,
  onCancel,
  onKeyDown,
}: {
  initial: string
  pending: boolean
  onSave: (title: string) => Promise<boolean>
  onCancel: () => void
  onKeyDown: (event: KeyboardEvent) => void
}) {
  const t = useT()
  const [title, setTitle] = useState(initial)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const value = title.trim()
    if (!value || value === initial) return onCancel()
    void onSave(value)
  }
  return (
    <form className={styles.inlineForm} onSubmit={submit} onKeyDown={onKeyDown}>
      <input
        className="input"
        value={title}
        maxLength={200}
        autoFocus
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => setTitle(e.target.value)}
        aria-label={t('chat.list.renameLabel')}
        data-testid="rename-input"
      />
      <div className={styles.inlineActions}>
        <Button size="sm" variant="ghost" onClick={onCancel} disabled={pending}>
          {t('common.cancel')}
        </Button>
        <Button size="sm" variant="primary" type="submit" pending={pending}>
          {t('chat.list.renameSave')}
        </Button>
      </div>
    </form>
  )
}

function TagsForm({
  initial,
  known,
  pending,
  onSave,
  onCancel,
  onKeyDown,
}: {
  initial: string[]
  known: string[]
  pending: boolean
  onSave: (tags: string[]) => Promise<boolean>
  onCancel: () => void
  onKeyDown: (event: KeyboardEvent) => void
}) {
  const t = useT()
  const listId = useId().replace(/[^a-zA-Z0-9_-]/g, '')
  const [tags, setTags] = useState(initial)
  const [draft, setDraft] = useState('')

  const add = () => {
    const added = draft
      .split(/[,;]/)
      .map((tag) => tag.trim())
      .filter(Boolean)
    if (!added.length) return false
    setTags((current) => [...new Set([...current, ...added])])
    setDraft('')
    return true
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const pendingDraft = draft
      .split(/[,;]/)
      .map((tag) => tag.trim())
      .filter(Boolean)
    void onSave([...new Set([...tags, ...pendingDraft])])
  }

  return (
    <form className={styles.inlineForm} onSubmit={submit} onKeyDown={onKeyDown} aria-label={t('chat.list.tagsLabel')}>
      {tags.length > 0 && (
        <ul className={`chips ${styles.tagChips}`} aria-label={t('chat.list.tagsCurrent')}>
          {tags.map((tag) => (
            <li key={tag} className="chip">
              {tag}
              <button type="button" className="chip-remove" aria-label={t('chat.list.tagRemove', { tag })} onClick={() => setTags((current) => current.filter((x) => x !== tag))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className={styles.tagAdd}>
        <input
          className="input"
          value={draft}
          list={`${listId}-tags`}
          maxLength={50}
          autoFocus
          placeholder={t('chat.list.tagPlaceholder')}
          aria-label={t('chat.list.tagAdd')}
          data-testid="tag-input"
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if ((e.key === 'Enter' || e.key === ',') && draft.trim()) {
              e.preventDefault()
              add()
            }
          }}
        />
        <datalist id={`${listId}-tags`}>
          {known
            .filter((tag) => !tags.includes(tag))
            .map((tag) => (
              <option key={tag} value={tag} />
            ))}
        </datalist>
        <Button size="sm" onClick={add} disabled={!draft.trim()}>
          {t('common.add')}
        </Button>
      </div>
      <div className={styles.inlineActions}>
        <Button size="sm" variant="ghost" onClick={onCancel} disabled={pending}>
          {t('common.cancel')}
        </Button>
        <Button size="sm" variant="primary" type="submit" pending={pending}>
          {t('chat.list.tagsSave')}
        </Button>
      </div>
    </form>
  )
}

function FolderForm({
  initial,
  known,
  pending,
  onSave,
  onCancel,
  onKeyDown,
}: {
  initial: string | null
  known: string[]
  pending: boolean
  onSave: (folder: string | null) => Promise<boolean>
  onCancel: () => void
  onKeyDown: (event: KeyboardEvent) => void
}) {
  const t = useT()
  const listId = useId().replace(/[^a-zA-Z0-9_-]/g, '')
  const [folder, setFolder] = useState(initial ?? '')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const value = folder.trim()
    void onSave(value || null)
  }
  return (
    <form className={styles.inlineForm} onSubmit={submit} onKeyDown={onKeyDown}>
      <label className="field-label" htmlFor={`${listId}-folder`}>
        {t('chat.list.folderLabel')}
      </label>
      <input
        id={`${listId}-folder`}
        className="input"
        value={folder}
        list={`${listId}-folders`}
        maxLength={100}
        autoFocus
        placeholder={t('chat.list.folderPlaceholder')}
        data-testid="folder-input"
        onChange={(e) => setFolder(e.target.value)}
      />
      <datalist id={`${listId}-folders`}>
        {known.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <div className={styles.inlineActions}>
        {initial && (
          <Button size="sm" variant="ghost" onClick={() => void onSave(null)} disabled={pending}>
            {t('chat.list.folderClear')}
          </Button>
        )}
        <Button size="sm" variant="ghost" onClick={onCancel} disabled={pending}>
          {t('common.cancel')}
        </Button>
        <Button size="sm" variant="primary" type="submit" pending={pending}>
          {t('chat.list.folderSave')}
        </Button>
      </div>
    </form>
  )
}
