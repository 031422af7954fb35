'use client'

import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { useT } from '@/lib/i18n/client'
import { callApi } from '../api'
import { Alert } from '../ui/alert'
import { Button } from '../ui/button'
import { Card, CardBody, CardHeader } from '../ui/card'
import { Field, Input } from '../ui/field'
import { useApiAction } from '../use-api-action'

export function DangerZone({ workspaceId, workspaceName, isOwner }: { workspaceId: string; workspaceName: string; isOwner: boolean }) {
  const t = useT()
  const router = useRouter()
  const { pending, error, run, fallback } = useApiAction()
  const [typed, setTyped] = useState('')
  const matches = typed.trim() === workspaceName.trim()

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!matches) return
    const result = await run(() => callApi(`/api/workspaces/${workspaceId}`, { method: 'DELETE', fallbackMessage: fallback }))
    if (result) {
      router.replace('/workspaces')
      router.refresh()
    }
  }

  return (
    <Card tone="danger">
      <CardHeader title={t('danger.title')} description={t('danger.description')} />
      <CardBody>
        {isOwner ? (
          <form onSubmit={submit} className="stack">
            {error && <Alert tone="danger">{error}</Alert>}
            <Field label={t('danger.confirmLabel', { name: workspaceName })}>
              {(control) => (
                <Input {...control} autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} disabled={pending} />
              )}
            </Field>
            <div className="row">
              <Button type="submit" variant="danger" disabled={!matches} pending={pending} pendingLabel={t('danger.deleting')}>
                {t('danger.delete')}
              </Button>
            </div>
          </form>
        ) : (
          <Alert tone="info">{t('danger.ownerOnly')}</Alert>
        )}
      </CardBody>
    </Card>
  )
}
