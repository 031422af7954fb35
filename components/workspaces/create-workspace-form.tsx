'use client'

import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { useT } from '@/lib/i18n/client'
import { callApi, errorMessage } from '../api'
import { Alert } from '../ui/alert'
import { Button } from '../ui/button'
import { Field, Input } from '../ui/field'

export function CreateWorkspaceForm() {
  const t = useT()
  const router = useRouter()
  const [name, setName] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setPending(true)
    setError(null)
    try {
      const { data } = await callApi<{ id: string }>('/api/workspaces', {
        method: 'POST',
        body: { name: name.trim() },
        fallbackMessage: t('common.unexpectedError'),
      })
      router.push(`/workspaces/${data.id}`)
    } catch (e) {
      setError(errorMessage(e, t('common.unexpectedError')))
      setPending(false)
    }
  }

  return (
    <form onSubmit={submit} className="stack">
      {error && <Alert tone="danger">{error}</Alert>}
      <Field label={t('workspaces.create.label')} hint={t('workspaces.create.hint')}>
        {(control) => <Input {...control} name="name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <div className="row">
        <Button type="submit" variant="primary" pending={pending} disabled={!name.trim()}>
          {t('workspaces.create.submit')}
        </Button>
      </div>
    </form>
  )
}
