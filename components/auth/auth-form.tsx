'use client'

import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { useT } from '@/lib/i18n/client'
import { callApi, errorMessage, safeNext } from '../api'
import { Alert } from '../ui/alert'
import { Button } from '../ui/button'
import { Field, Input } from '../ui/field'

/** The sign-in and sign-up forms: JSON to /api/auth/login or /api/auth/signup, errors inline. */
export function AuthForm({ mode, next }: { mode: 'signin' | 'signup'; next: string | null }) {
  const t = useT()
  const router = useRouter()
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [confirmFor, setConfirmFor] = useState<string | null>(null)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const email = String(form.get('email') ?? '').trim()
    const password = String(form.get('password') ?? '')
    const name = String(form.get('name') ?? '').trim()
    setPending(true)
    setError(null)
    try {
      const { status, data } = await callApi<{ confirmationRequired?: boolean }>(mode === 'signin' ? '/api/auth/login' : '/api/auth/signup', {
        method: 'POST',
        body: mode === 'signup' && name ? { email, password, name } : { email, password },
        fallbackMessage: t('common.unexpectedError'),
      })
      if (mode === 'signup' && status === 202 && data?.confirmationRequired) {
        setConfirmFor(email)
        setPending(false)
        return
      }
      router.replace(safeNext(next) ?? '/workspaces')
      router.refresh()
    } catch (e) {
      setError(errorMessage(e, t('common.unexpectedError')))
      setPending(false)
    }
  }

  if (confirmFor) {
    return (
      <Alert tone="success" title={t('auth.signup.checkEmailTitle')}>
        {t('auth.signup.checkEmail', { email: confirmFor })}
      </Alert>
    )
  }

  return (
    <form onSubmit={submit} noValidate={false}>
      {error && <Alert tone="danger">{error}</Alert>}
      {mode === 'signup' && (
        <Field label={t('auth.name')} hint={t('auth.nameHint')}>
          {(control) => <Input {...control} name="name" type="text" autoComplete="name" maxLength={100} />}
        </Field>
      )}
      <Field label={t('auth.email')}>
        {(control) => <Input {...control} name="email" type="email" autoComplete="email" required maxLength={254} autoFocus={mode === 'signin'} />}
      </Field>
      <Field label={t('auth.password')} hint={mode === 'signup' ? t('auth.passwordHint') : undefined}>
        {(control) => (
          <Input
            {...control}
            name="password"
            type="password"
            autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
            required
            minLength={mode === 'signup' ? 8 : undefined}
            maxLength={200}
          />
        )}
      </Field>
      <Button type="submit" variant="primary" block pending={pending}>
        {mode === 'signin' ? t('auth.signin.submit') : t('auth.signup.submit')}
      </Button>
    </form>
  )
}
