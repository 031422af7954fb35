import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { safeNext } from '@/components/api'
import { AuthForm } from '@/components/auth/auth-form'
import { currentUser } from '@/lib/auth/server'
import { getT } from '@/lib/i18n/server'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('auth.signin.createAccount') }
}

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next: raw } = await searchParams
  const next = safeNext(typeof raw === 'string' ? raw : null)
  if (await currentUser()) redirect(next ?? '/workspaces')
  const t = await getT()
  const signinHref = next ? `/signin?next=${encodeURIComponent(next)}` : '/signin'
  return (
    <div className="auth-card">
      <header>
        <h1>{t('auth.signup.title')}</h1>
        <p className="muted">{t('auth.signup.subtitle')}</p>
      </header>
      <AuthForm mode="signup" next={next} />
      <p className="auth-footer">
        {t('auth.signup.haveAccount')} <Link href={signinHref}>{t('auth.signup.signIn')}</Link>
      </p>
    </div>
  )
}
