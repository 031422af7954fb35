import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { safeNext } from '@/components/api'
import { AuthForm } from '@/components/auth/auth-form'
import { currentUser } from '@/lib/auth/server'
import { config } from '@/lib/config'
import { DEMO_EMAIL, DEMO_PASSWORD } from '@/lib/demo'
import { getT } from '@/lib/i18n/server'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('auth.signin.submit') }
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next: raw } = await searchParams
  const next = safeNext(typeof raw === 'string' ? raw : null)
  if (await currentUser()) redirect(next ?? '/workspaces')
  const t = await getT()
  const signupHref = next ? `/signup?next=${encodeURIComponent(next)}` : '/signup'
  return (
    <div className="auth-card">
      <header>
        <h1>{t('auth.signin.title')}</h1>
        <p className="muted">{t('auth.signin.subtitle')}</p>
      </header>
      <AuthForm mode="signin" next={next} />
      {config().embedded && (
        <p className="demo-hint">{t('auth.signin.demo', { email: DEMO_EMAIL, password: DEMO_PASSWORD })}</p>
      )}
      <p className="auth-footer">
        {t('auth.signin.noAccount')} <Link href={signupHref}>{t('auth.signin.createAccount')}</Link>
      </p>
    </div>
  )
}
