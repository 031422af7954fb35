'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { useT } from '@/lib/i18n/client'
import { callApi, errorMessage } from './api'
import { Button } from './ui/button'
import { Icon } from './ui/icons'

export function SignOutButton() {
  const t = useT()
  const router = useRouter()
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function signOut() {
    setPending(true)
    setError(null)
    try {
      await callApi('/api/auth/logout', { method: 'POST', fallbackMessage: t('common.unexpectedError') })
      router.replace('/signin')
      router.refresh()
    } catch (e) {
      setError(errorMessage(e, t('common.unexpectedError')))
      setPending(false)
    }
  }

  return (
    <>
      <Button variant="ghost" size="sm" onClick={signOut} pending={pending}>
        {!pending && <Icon name="logOut" size={14} />}
        {t('auth.signout')}
      </Button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  )
}
