import type { ReactNode } from 'react'
import { Brand } from '@/components/brand'
import { LocaleSwitch } from '@/components/locale-switch'
import { getT } from '@/lib/i18n/server'

export default async function AuthLayout({ children }: { children: ReactNode }) {
  const t = await getT()
  return (
    <main className="auth-page">
      <div className="auth-top">
        <LocaleSwitch />
      </div>
      <Brand name={t('app.name')} />
      {children}
      <p className="subtle">{t('app.tagline')}</p>
    </main>
  )
}
