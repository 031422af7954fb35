'use client'

import Link from 'next/link'
import { useEffect, useRef, useState } from 'react'
import { formatDate } from '@/lib/i18n'
import { useLocale, useT } from '@/lib/i18n/client'
import type { Notification } from '@/lib/notifications'
import { describeAlert } from '../alerts/alert-text'
import { callApi } from '../api'
import { Icon } from '../ui/icons'
import { usePolled } from '../use-polled'

type Listing = { items: Notification[]; unread: number }

/** The bell of the top bars: the unread count (polled), the latest notifications, mark read. */
export function NotificationBell({ opensUp = false }: { opensUp?: boolean }) {
  const t = useT()
  const locale = useLocale()
  const [open, setOpen] = useState(false)
  const { data, reload } = usePolled<Listing>('/api/notifications?limit=10', 30_000, t('common.unexpectedError'))
  const root = useRef<HTMLDivElement>(null)
  const unread = data?.unread ?? 0
  const count = unread >= 100 ? '99+' : String(unread)

  useEffect(() => {
    if (!open) return
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !root.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', close)
    document.addEventListener('keydown', close)
    return () => {
      document.removeEventListener('mousedown', close)
      document.removeEventListener('keydown', close)
    }
  }, [open])

  const markRead = async (path: string) => {
    await callApi(path, { method: 'POST', fallbackMessage: t('common.unexpectedError') }).catch(() => undefined)
    await reload()
  }

  return (
    <div className={opensUp ? 'bell opens-up' : 'bell'} ref={root}>
      <button
        type="button"
        className="btn btn-ghost btn-sm bell-button"
        aria-expanded={open}
        aria-haspopup="true"
        aria-label={unread ? `${t('notifications.label')} (${t('notifications.unread', { count })})` : t('notifications.label')}
        onClick={() => {
          setOpen(!open)
          if (!open) void reload()
        }}
      >
        <Icon name="bell" size={18} />
        {unread > 0 && (
          <span className="bell-count" data-testid="unread-count" aria-hidden="true">
            {count}
          </span>
        )}
      </button>
      {open && (
        <div className="bell-panel" role="region" aria-label={t('notifications.label')}>
          <div className="bell-head">
            <strong>{t('notifications.label')}</strong>
            {unread > 0 && (
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => markRead('/api/notifications/read-all')}>
                {t('notifications.markAll')}
              </button>
            )}
          </div>
          {!data ? (
            <p className="bell-empty" aria-busy="true">
              <span className="spinner" aria-hidden="true" />
            </p>
          ) : !data.items.length ? (
            <p className="muted bell-empty">{t('notifications.empty')}</p>
          ) : (
            <ul className="bell-list">
              {data.items.map((item) => (
                <li key={item.id} className={item.readAt ? 'bell-item' : 'bell-item is-unread'}>
                  <Link
                    href={`/workspaces/${item.workspace.id}/alerts`}
                    onClick={() => {
                      setOpen(false)
                      if (!item.readAt) void markRead(`/api/notifications/${item.id}/read`)
                    }}
                  >
                    <span className="bell-title">{item.alertKind ? t(`alerts.kind.${item.alertKind}`) : item.kind}</span>
                    {item.alertKind && (
                      <span className="bell-text">
                        {describeAlert(t, { kind: item.alertKind, subjectName: item.subjectName, value: item.value ?? 0, threshold: item.threshold ?? 0 })}
                      </span>
                    )}
                    <span className="subtle">
                      {t('notifications.in', { workspace: item.workspace.name })} · {formatDate(item.createdAt, locale, true)}
                    </span>
                  </Link>
                  {!item.readAt && (
                    <button type="button" className="btn btn-ghost btn-sm" onClick={() => markRead(`/api/notifications/${item.id}/read`)}>
                      {t('notifications.markRead')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  )
}
