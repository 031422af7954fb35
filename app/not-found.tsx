import { Brand } from '@/components/brand'
import { ButtonLink } from '@/components/ui'
import { getT } from '@/lib/i18n/server'

export default async function NotFound() {
  const t = await getT()
  return (
    <main className="auth-page">
      <Brand name={t('app.name')} />
      <div className="auth-card" style={{ textAlign: 'center' }}>
        <p className="subtle" aria-hidden="true" style={{ fontSize: '2.5rem', fontWeight: 700, color: 'var(--brand-600)', marginBottom: 8 }}>
          404
        </p>
        <h1>{t('notFound.title')}</h1>
        <p className="muted" style={{ margin: '8px 0 24px' }}>
          {t('notFound.body')}
        </p>
        <ButtonLink href="/workspaces" variant="primary">
          {t('notFound.back')}
        </ButtonLink>
      </div>
    </main>
  )
}
