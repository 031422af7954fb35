'use client'

import type { Activity } from '@/lib/activity'
import { formatDate } from '@/lib/i18n'
import { useLocale, useT } from '@/lib/i18n/client'
import { Card, CardBody, CardHeader } from '../ui/card'
import { usePolled } from '../use-polled'

/** Recent activity (documents, keys, members, alerts) of a workspace, or of all of mine, refreshed every minute. */
export function ActivityFeed({ workspaceId, limit = 10 }: { workspaceId?: string; limit?: number }) {
  const t = useT()
  const locale = useLocale()
  const { data, error } = usePolled<{ items: Activity[] }>(`${workspaceId ? `/api/workspaces/${workspaceId}` : '/api'}/activity?limit=${limit}`, 60_000, t('common.unexpectedError'))

  const label = (item: Activity) => {
    const name = item.subjectName ?? ''
    if (item.kind === 'member.added') return t('activity.member.added', { name, role: t(`role.${(item.details.role as 'viewer') ?? 'viewer'}`) })
    if (item.kind === 'alert.raised') return t('activity.alert.raised', { rule: t(`alerts.kind.${item.details.alertKind as 'rate_limited'}`) + (name ? ` (${name})` : '') })
    return t(`activity.${item.kind}`, { name })
  }

  return (
    <Card aria-labelledby="activity-title">
      <CardHeader title={<span id="activity-title">{t('activity.title')}</span>} />
      <CardBody>
        {error && <p className="muted">{error}</p>}
        {data && !data.items.length && <p className="muted">{t('activity.empty')}</p>}
        {data && data.items.length > 0 && (
          <ul className="activity-list" data-testid="activity-feed">
            {data.items.map((item) => (
              <li key={item.id} className={`activity-item activity-${item.kind.split('.')[0]}`}>
                <span>{label(item)}</span>
                <span className="subtle">
                  {workspaceId ? '' : `${item.workspace.name} · `}
                  {formatDate(item.createdAt, locale, true)}
                  {item.actor?.email ? ` · ${t('activity.by', { who: item.actor.email })}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  )
}
