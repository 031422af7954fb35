'use client'

import { useRouter } from 'next/navigation'
import { Fragment, useEffect, useRef, useState, type FormEvent } from 'react'
import { useT } from '@/lib/i18n/client'
import { callApi } from '../api'
import { CopyButton } from '../ui/copy-button'
import { Alert } from '../ui/alert'
import { Badge } from '../ui/badge'
import { Button } from '../ui/button'
import { Card, CardBody, CardHeader } from '../ui/card'
import { ConfirmRow } from '../ui/confirm-row'
import { Field, Input, Select } from '../ui/field'
import { useApiAction } from '../use-api-action'

interface ApiKey {
  id: string
  kind: 'secret' | 'public'
  name: string
  prefix: string
  token: string | null
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

/** Dates arrive formatted by the server, so that server and browser render the same text. */
export type ListedKey = ApiKey & { createdLabel: string; lastUsedLabel: string | null }

type CreatedKey = ApiKey & { token: string }

export function KeysManager({ workspaceId, keys }: { workspaceId: string; keys: ListedKey[] }) {
  const t = useT()
  const router = useRouter()
  const create = useApiAction()
  const action = useApiAction()
  const [name, setName] = useState('')
  const [kind, setKind] = useState<'secret' | 'public'>('secret')
  const [created, setCreated] = useState<CreatedKey | null>(null)
  const [confirm, setConfirm] = useState<{ id: string; action: 'revoke' | 'rotate' } | null>(null)
  const newKeyHeading = useRef<HTMLHeadingElement>(null)

  // Take the person (and screen readers) to the new token as soon as it appears.
  useEffect(() => {
    if (created) newKeyHeading.current?.focus()
  }, [created])

  async function submit(event: FormEvent) {
    event.preventDefault()
    const result = await create.run(() =>
      callApi<CreatedKey>(`/api/workspaces/${workspaceId}/keys`, { method: 'POST', body: { name: name.trim(), kind }, fallbackMessage: create.fallback }),
    )
    if (result) {
      setCreated(result.data)
      setName('')
      router.refresh()
    }
  }

  async function perform(key: ApiKey, what: 'revoke' | 'rotate') {
    const result = await action.run(() =>
      what === 'revoke'
        ? callApi(`/api/workspaces/${workspaceId}/keys/${key.id}`, { method: 'DELETE', fallbackMessage: action.fallback })
        : callApi<CreatedKey>(`/api/workspaces/${workspaceId}/keys/${key.id}/rotate`, { method: 'POST', fallbackMessage: action.fallback }),
    )
    if (result) {
      setConfirm(null)
      if (what === 'rotate') setCreated(result.data as CreatedKey)
      router.refresh()
    }
  }

  return (
    <div className="stack-lg">
      <p className="muted">{t('keys.description')}</p>

      {created && (
        <section className="token-panel" aria-labelledby="new-key-title">
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <h2 id="new-key-title" ref={newKeyHeading} tabIndex={-1}>
              {t('keys.new.title', { name: created.name })}
            </h2>
            <Badge tone={created.kind === 'secret' ? 'warning' : 'success'}>{t(`keys.kind.${created.kind}`)}</Badge>
          </div>
          <div className="token-row">
            <code className="token" data-testid="new-key-token">
              {created.token}
            </code>
            <CopyButton value={created.token} />
          </div>
          {created.kind === 'secret' ? (
            <Alert tone="warning">{t('keys.new.secretWarning')}</Alert>
          ) : (
            <Alert tone="info">{t('keys.new.publicNote')}</Alert>
          )}
          <div>
            <Button variant="ghost" size="sm" onClick={() => setCreated(null)}>
              {t('keys.new.dismiss')}
            </Button>
          </div>
        </section>
      )}

      <Card>
        <CardHeader title={t('keys.create.title')} />
        <CardBody>
          <form onSubmit={submit} className="stack">
            {create.error && <Alert tone="danger">{create.error}</Alert>}
            <div className="form-grid">
              <Field label={t('keys.create.name')} hint={t('keys.create.nameHint')}>
                {(control) => <Input {...control} name="name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />}
              </Field>
              <Field label={t('keys.create.kind')}>
                {(control) => (
                  <Select {...control} name="kind" value={kind} onChange={(e) => setKind(e.target.value as 'secret' | 'public')}>
                    <option value="secret">{t('keys.kind.secret')}</option>
                    <option value="public">{t('keys.kind.public')}</option>
                  </Select>
                )}
              </Field>
            </div>
            <div className="row">
              <Button type="submit" variant="primary" pending={create.pending} disabled={!name.trim()}>
                {t('keys.create.submit')}
              </Button>
            </div>
          </form>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t('keys.list.title')} />
        {action.error && (
          <div style={{ padding: 'var(--space-4) var(--space-6) 0' }}>
            <Alert tone="danger">{action.error}</Alert>
          </div>
        )}
        {keys.length === 0 ? (
          <CardBody>
            <p className="muted">{t('keys.list.empty')}</p>
          </CardBody>
        ) : (
          <div className="table-wrap" style={{ marginTop: 'var(--space-4)' }}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('keys.col.name')}</th>
                  <th scope="col">{t('keys.col.kind')}</th>
                  <th scope="col">{t('keys.col.key')}</th>
                  <th scope="col">{t('keys.col.created')}</th>
                  <th scope="col">{t('keys.col.lastUsed')}</th>
                  <th scope="col" className="cell-actions">
                    <span className="visually-hidden">{t('keys.col.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => {
                  const revoked = key.revokedAt !== null
                  const confirming = confirm?.id === key.id ? confirm.action : null
                  return (
                    <Fragment key={key.id}>
                      <tr className={revoked ? 'is-muted' : undefined}>
                        <td>
                          <strong>{key.name}</strong>
                        </td>
                        <td>
                          <Badge tone={key.kind === 'secret' ? 'brand' : 'neutral'}>{t(`keys.kind.${key.kind}`)}</Badge>
                        </td>
                        <td>
                          {key.kind === 'public' && key.token && !revoked ? (
                            <span className="row" style={{ flexWrap: 'nowrap', gap: 'var(--space-2)' }}>
                              <code className="inline-code">{key.token}</code>
                              <CopyButton value={key.token} size="sm" />
                            </span>
                          ) : (
                            <code className="inline-code">{key.prefix}…</code>
                          )}
                        </td>
                        <td>{key.createdLabel}</td>
                        <td>{key.lastUsedLabel ?? t('common.never')}</td>
                        <td className="cell-actions">
                          {revoked ? (
                            <Badge tone="danger">{t('keys.revoked')}</Badge>
                          ) : (
                            <span className="row-end" style={{ gap: 'var(--space-2)', flexWrap: 'nowrap' }}>
                              <Button size="sm" variant="secondary" disabled={action.pending} onClick={() => setConfirm({ id: key.id, action: 'rotate' })}>
                                {t('keys.rotate')}
                              </Button>
                              <Button size="sm" variant="ghost" className="btn-danger-text" disabled={action.pending} onClick={() => setConfirm({ id: key.id, action: 'revoke' })}>
                                {t('keys.revoke')}
                              </Button>
                            </span>
                          )}
                        </td>
                      </tr>
                      {confirming && (
                        <ConfirmRow
                          colSpan={6}
                          label={t(confirming === 'revoke' ? 'keys.revoke' : 'keys.rotate')}
                          message={t(confirming === 'revoke' ? 'keys.revokeConfirm' : 'keys.rotateConfirm', { name: key.name })}
                          confirmLabel={t(confirming === 'revoke' ? 'keys.revokeConfirmButton' : 'keys.rotateConfirmButton')}
                          cancelLabel={t('common.cancel')}
                          tone={confirming === 'revoke' ? 'danger' : 'primary'}
                          pending={action.pending}
                          onConfirm={() => perform(key, confirming)}
                          onCancel={() => setConfirm(null)}
                        />
                      )}
                    </Fragment>
                  )
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  )
}
