'use client'

import { useState, type FormEvent } from 'react'
import { formatDate } from '@/lib/i18n'
import { useLocale, useT } from '@/lib/i18n/client'
import type { Delivery, Webhook } from '@/lib/webhooks'
import { callApi } from '../api'
import { Alert } from '../ui/alert'
import { Badge, type BadgeTone } from '../ui/badge'
import { Button } from '../ui/button'
import { Card, CardBody, CardHeader } from '../ui/card'
import { CopyButton } from '../ui/copy-button'
import { Field, Input } from '../ui/field'
import { useApiAction } from '../use-api-action'
import { usePolled } from '../use-polled'

const deliveryTones: Record<Delivery['status'], BadgeTone> = { pending: 'warning', delivered: 'success', failed: 'danger' }

/** Webhooks of a workspace: add, enable or disable, send a test, read the delivery log, remove. */
export function WebhooksManager({ workspaceId }: { workspaceId: string }) {
  const t = useT()
  const create = useApiAction()
  const [url, setUrl] = useState('')
  const [description, setDescription] = useState('')
  const { data, error, reload } = usePolled<{ items: Webhook[] }>(`/api/workspaces/${workspaceId}/webhooks?limit=100`, 60_000, t('common.unexpectedError'))

  async function submit(event: FormEvent) {
    event.preventDefault()
    const result = await create.run(() =>
      callApi(`/api/workspaces/${workspaceId}/webhooks`, { method: 'POST', body: { url: url.trim(), description: description.trim() }, fallbackMessage: create.fallback }),
    )
    if (result) {
      setUrl('')
      setDescription('')
      await reload()
    }
  }

  return (
    <div className="stack-lg">
      <p className="muted">{t('webhooks.description')}</p>
      <Alert tone="info">{t('webhooks.signing')}</Alert>
      <Card>
        <CardHeader title={t('webhooks.add.title')} />
        <CardBody>
          <form onSubmit={submit} className="stack">
            {create.error && <Alert tone="danger">{create.error}</Alert>}
            <div className="form-grid">
              <Field label={t('webhooks.add.url')} hint={t('webhooks.add.urlHint')}>
                {(control) => <Input {...control} name="url" type="url" required maxLength={2000} value={url} onChange={(e) => setUrl(e.target.value)} />}
              </Field>
              <Field label={t('webhooks.add.description')}>
                {(control) => <Input {...control} name="description" maxLength={200} value={description} onChange={(e) => setDescription(e.target.value)} />}
              </Field>
            </div>
            <div className="row">
              <Button type="submit" variant="primary" pending={create.pending} disabled={!url.trim()}>
                {t('webhooks.add.submit')}
              </Button>
            </div>
          </form>
        </CardBody>
      </Card>
      {error && <Alert tone="danger">{error}</Alert>}
      {data && data.items.length === 0 && <p className="muted">{t('webhooks.list.empty')}</p>}
      {data?.items.map((hook) => <WebhookCard key={hook.id} workspaceId={workspaceId} hook={hook} onChange={reload} />)}
    </div>
  )
}

function WebhookCard({ workspaceId, hook, onChange }: { workspaceId: string; hook: Webhook; onChange: () => Promise<void> }) {
  const t = useT()
  const locale = useLocale()
  const action = useApiAction()
  const [confirming, setConfirming] = useState(false)
  const base = `/api/workspaces/${workspaceId}/webhooks/${hook.id}`
  const log = usePolled<{ items: Delivery[] }>(`${base}/deliveries?limit=20`, 10_000, t('common.unexpectedError'))

  const run = async (path: string, method: string, body?: unknown, success?: string) => {
    const result = await action.run(() => callApi(path, { method, body, fallbackMessage: action.fallback }), success)
    if (result) {
      await Promise.all([onChange(), log.reload()])
      setTimeout(() => void log.reload(), 1500)
    }
  }

  return (
    <Card aria-label={hook.url}>
      <CardHeader
        title={<span className="mono">{hook.url}</span>}
        description={hook.description || undefined}
        actions={<Badge tone={hook.enabled ? 'success' : 'neutral'}>{hook.enabled ? t('webhooks.enabled') : t('webhooks.disabled')}</Badge>}
      />
      <CardBody>
        <div className="stack">
          {action.error && <Alert tone="danger">{action.error}</Alert>}
          {action.success && <Alert tone="success">{action.success}</Alert>}
          <div className="token-row">
            <span className="field-label">{t('webhooks.secret')}</span>
            <code className="token">{hook.secret}</code>
            <CopyButton value={hook.secret} />
          </div>
          <div className="row">
            <Button size="sm" onClick={() => run(`${base}/test`, 'POST', undefined, t('webhooks.testSent'))} disabled={action.pending || !hook.enabled}>
              {t('webhooks.test')}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => run(base, 'PATCH', { enabled: !hook.enabled })} disabled={action.pending}>
              {hook.enabled ? t('webhooks.disable') : t('webhooks.enable')}
            </Button>
            <Button size="sm" variant="danger" onClick={() => setConfirming(true)} disabled={action.pending}>
              {t('webhooks.remove')}
            </Button>
          </div>
          {confirming && (
            <div className="confirm-bar" role="group" aria-label={t('webhooks.remove')}>
              <span>{t('webhooks.removeConfirm')}</span>
              <span className="row" style={{ gap: 'var(--space-2)' }}>
                <Button size="sm" variant="ghost" onClick={() => setConfirming(false)} disabled={action.pending}>
                  {t('common.cancel')}
                </Button>
                <Button size="sm" variant="danger" pending={action.pending} onClick={() => run(base, 'DELETE')} autoFocus>
                  {t('webhooks.remove')}
                </Button>
              </span>
            </div>
          )}
          <h3 className="section-title">{t('webhooks.log')}</h3>
          {log.data && log.data.items.length === 0 && <p className="muted">{t('webhooks.log.empty')}</p>}
          {log.data && log.data.items.length > 0 && (
            <div className="table-wrap">
              <table className="table" data-testid="delivery-log">
                <thead>
                  <tr>
                    <th scope="col">{t('webhooks.log.event')}</th>
                    <th scope="col">{t('webhooks.log.status')}</th>
                    <th scope="col">{t('webhooks.log.attempts')}</th>
                    <th scope="col">{t('webhooks.log.when')}</th>
                    <th scope="col">{t('webhooks.log.result')}</th>
                  </tr>
                </thead>
                <tbody>
                  {log.data.items.map((delivery) => (
                    <tr key={delivery.id}>
                      <td className="mono">{delivery.event}</td>
                      <td>
                        <Badge tone={deliveryTones[delivery.status]}>{t(`webhooks.status.${delivery.status}`)}</Badge>
                      </td>
                      <td>{delivery.attempts}</td>
                      <td>{formatDate(delivery.createdAt, locale, true)}</td>
                      <td className="subtle">
                        {delivery.responseStatus ? `HTTP ${delivery.responseStatus}` : ''}
                        {delivery.lastError ? ` ${delivery.lastError}` : ''}
                        {delivery.nextAttemptAt ? ` (${t('webhooks.log.nextAttempt', { date: formatDate(delivery.nextAttemptAt, locale, true) })})` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </CardBody>
    </Card>
  )
}
