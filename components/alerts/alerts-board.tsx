'use client'

import { useState } from 'react'
import type { Alert as AlertItem } from '@/lib/alerts'
import { formatDate } from '@/lib/i18n'
import { useLocale, useT } from '@/lib/i18n/client'
import { callApi } from '../api'
import { Alert } from '../ui/alert'
import { Badge, type BadgeTone } from '../ui/badge'
import { Button } from '../ui/button'
import { EmptyState } from '../ui/empty-state'
import { useApiAction } from '../use-api-action'
import { usePolled } from '../use-polled'
import { describeAlert } from './alert-text'

type Filter = 'active' | 'resolved' | 'all'
const tones: Record<AlertItem['status'], BadgeTone> = { open: 'danger', acknowledged: 'warning', resolved: 'success' }

/** The workspace's alerts, refreshed every 15 seconds; admins acknowledge and resolve them. */
export function AlertsBoard({ workspaceId, canManage }: { workspaceId: string; canManage: boolean }) {
  const t = useT()
  const locale = useLocale()
  const [filter, setFilter] = useState<Filter>('active')
  const { data, error, reload } = usePolled<{ items: AlertItem[] }>(`/api/workspaces/${workspaceId}/alerts?status=${filter}&limit=100`, 15_000, t('alerts.loadFailed'))
  const action = useApiAction()

  const change = async (alert: AlertItem, status: 'acknowledged' | 'resolved') => {
    await action.run(() => callApi(`/api/workspaces/${workspaceId}/alerts/${alert.id}`, { method: 'PATCH', body: { status }, fallbackMessage: action.fallback }))
    await reload()
  }

  return (
    <div className="stack-lg">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <div className="subnav" role="group" aria-label={t('alerts.filter.label')} style={{ marginBottom: 0 }}>
          {(['active', 'resolved', 'all'] as const).map((value) => (
            <button key={value} type="button" className="subnav-link" aria-pressed={filter === value} onClick={() => setFilter(value)}>
              {t(`alerts.filter.${value}`)}
            </button>
          ))}
        </div>
        <span className="subtle">{t('alerts.refreshed')}</span>
      </div>
      {!canManage && <Alert tone="info">{t('alerts.readOnly')}</Alert>}
      {(error || action.error) && <Alert tone="danger">{error ?? action.error}</Alert>}
      {data && data.items.length === 0 && <EmptyState icon="check" title={filter === 'active' ? t('alerts.empty.active') : t('alerts.empty.other')} />}
      {data && data.items.length > 0 && (
        <ul className="alert-list" data-testid="alerts">
          {data.items.map((alert) => (
            <li key={alert.id} className="card alert-card" data-status={alert.status}>
              <div className="alert-card-head">
                <strong>{t(`alerts.kind.${alert.kind}`)}</strong>
                <Badge tone={tones[alert.status]}>{t(`alerts.status.${alert.status}`)}</Badge>
              </div>
              <p>{describeAlert(t, alert)}</p>
              <p className="subtle">
                {t('alerts.raisedAt', { date: formatDate(alert.raisedAt, locale, true) })}
                {alert.resolvedAt && alert.resolution
                  ? ` · ${t('alerts.resolvedAt', { date: formatDate(alert.resolvedAt, locale, true), how: t(`alerts.resolution.${alert.resolution}`) })}`
                  : ''}
              </p>
              {canManage && alert.status !== 'resolved' && (
                <div className="row">
                  {alert.status === 'open' && (
                    <Button size="sm" onClick={() => change(alert, 'acknowledged')} disabled={action.pending}>
                      {t('alerts.acknowledge')}
                    </Button>
                  )}
                  <Button size="sm" variant="primary" onClick={() => change(alert, 'resolved')} disabled={action.pending}>
                    {t('alerts.resolve')}
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
