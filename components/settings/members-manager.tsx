'use client'

import { useRouter } from 'next/navigation'
import { Fragment, useState, type FormEvent } from 'react'
import { useT } from '@/lib/i18n/client'
import { callApi } from '../api'
import { Alert } from '../ui/alert'
import { Badge } from '../ui/badge'
import { Button } from '../ui/button'
import { Card, CardBody, CardHeader } from '../ui/card'
import { ConfirmRow } from '../ui/confirm-row'
import { Field, Input, Select } from '../ui/field'
import { useApiAction } from '../use-api-action'

const roles = ['viewer', 'member', 'admin', 'owner'] as const
type Role = (typeof roles)[number]
const rank = (role: Role) => roles.indexOf(role)

interface Member {
  userId: string
  email: string
  name: string | null
  role: Role
  createdAt: string
  /** Formatted by the server. */
  sinceLabel: string
}

export function MembersManager({
  workspaceId,
  myRole,
  myUserId,
  members,
  hasMore,
}: {
  workspaceId: string
  myRole: Role
  myUserId: string
  members: Member[]
  hasMore: boolean
}) {
  const t = useT()
  const router = useRouter()
  const add = useApiAction()
  const action = useApiAction()
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>('member')
  const [confirm, setConfirm] = useState<string | null>(null)
  const isAdmin = rank(myRole) >= rank('admin')
  const isOwner = myRole === 'owner'
  // Only owners grant or take away the owner role.
  const grantable = roles.filter((r) => r !== 'owner' || isOwner)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const added = email.trim()
    const result = await add.run(
      () => callApi(`/api/workspaces/${workspaceId}/members`, { method: 'POST', body: { email: added, role }, fallbackMessage: add.fallback }),
      t('members.add.done', { email: added }),
    )
    if (result) {
      setEmail('')
      router.refresh()
    }
  }

  async function changeRole(member: Member, next: Role) {
    const result = await action.run(() =>
      callApi(`/api/workspaces/${workspaceId}/members/${member.userId}`, { method: 'PATCH', body: { role: next }, fallbackMessage: action.fallback }),
    )
    if (result) router.refresh()
  }

  async function remove(member: Member) {
    const self = member.userId === myUserId
    const result = await action.run(() =>
      callApi(`/api/workspaces/${workspaceId}/members/${member.userId}`, { method: 'DELETE', fallbackMessage: action.fallback }),
    )
    if (!result) return
    setConfirm(null)
    if (self) {
      router.replace('/workspaces')
      router.refresh()
    } else {
      router.refresh()
    }
  }

  return (
    <div className="stack-lg">
      <p className="muted">{t('members.description')}</p>

      {isAdmin ? (
        <Card>
          <CardHeader title={t('members.add.title')} />
          <CardBody>
            <form onSubmit={submit} className="stack">
              {add.error && <Alert tone="danger">{add.error}</Alert>}
              {add.success && <Alert tone="success">{add.success}</Alert>}
              <div className="form-grid">
                <Field label={t('members.add.email')} hint={t('members.add.emailHint')}>
                  {(control) => (
                    <Input {...control} name="email" type="email" required maxLength={254} autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
                  )}
                </Field>
                <Field label={t('members.add.role')}>
                  {(control) => (
                    <Select {...control} name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
                      {grantable.map((r) => (
                        <option key={r} value={r}>
                          {t(`role.${r}`)}
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
              </div>
              <div className="row">
                <Button type="submit" variant="primary" pending={add.pending} disabled={!email.trim()}>
                  {t('members.add.submit')}
                </Button>
              </div>
            </form>
          </CardBody>
        </Card>
      ) : (
        <Alert tone="info">{t('common.readOnly')}</Alert>
      )}

      <Card>
        <CardHeader title={t('members.title')} />
        {action.error && (
          <div style={{ padding: 'var(--space-4) var(--space-6) 0' }}>
            <Alert tone="danger">{action.error}</Alert>
          </div>
        )}
        <div className="table-wrap" style={{ marginTop: 'var(--space-4)' }}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('members.col.member')}</th>
                <th scope="col">{t('members.col.role')}</th>
                <th scope="col">{t('members.col.since')}</th>
                <th scope="col" className="cell-actions">
                  <span className="visually-hidden">{t('members.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => {
                const self = member.userId === myUserId
                // Admins manage non-owners; owners manage everyone.
                const canManage = isAdmin && (isOwner || member.role !== 'owner')
                const confirming = confirm === member.userId
                return (
                  <Fragment key={member.userId}>
                    <tr>
                      <td>
                        <div style={{ fontWeight: 600 }}>
                          {member.name ?? member.email}
                          {self && (
                            <>
                              {' '}
                              <Badge tone="brand">{t('common.you')}</Badge>
                            </>
                          )}
                        </div>
                        {member.name && <div className="subtle">{member.email}</div>}
                      </td>
                      <td>
                        {canManage ? (
                          <Select
                            size="sm"
                            aria-label={t('members.roleFor', { email: member.email })}
                            value={member.role}
                            disabled={action.pending}
                            onChange={(e) => changeRole(member, e.target.value as Role)}
                          >
                            {(member.role === 'owner' ? roles : grantable).map((r) => (
                              <option key={r} value={r}>
                                {t(`role.${r}`)}
                              </option>
                            ))}
                          </Select>
                        ) : (
                          <Badge tone={member.role === 'owner' || member.role === 'admin' ? 'brand' : 'neutral'}>{t(`role.${member.role}`)}</Badge>
                        )}
                      </td>
                      <td>{member.sinceLabel}</td>
                      <td className="cell-actions">
                        {self ? (
                          <Button size="sm" variant="ghost" className="btn-danger-text" disabled={action.pending} onClick={() => setConfirm(member.userId)}>
                            {t('members.leave')}
                          </Button>
                        ) : (
                          canManage && (
                            <Button size="sm" variant="ghost" className="btn-danger-text" disabled={action.pending} onClick={() => setConfirm(member.userId)}>
                              {t('members.remove')}
                            </Button>
                          )
                        )}
                      </td>
                    </tr>
                    {confirming && (
                      <ConfirmRow
                        colSpan={4}
                        label={self ? t('members.leaveConfirmButton') : t('members.removeConfirmButton')}
                        message={self ? t('members.leaveConfirm') : t('members.removeConfirm', { email: member.email })}
                        confirmLabel={self ? t('members.leaveConfirmButton') : t('members.removeConfirmButton')}
                        cancelLabel={t('common.cancel')}
                        pending={action.pending}
                        onConfirm={() => remove(member)}
                        onCancel={() => setConfirm(null)}
                      />
                    )}
                  </Fragment>
                )
              })}
            </tbody>
          </table>
        </div>
        {hasMore && (
          <CardBody>
            <p className="subtle">{t('members.more')}</p>
          </CardBody>
        )}
      </Card>
    </div>
  )
}
