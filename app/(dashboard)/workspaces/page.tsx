import type { Metadata } from 'next'
import Link from 'next/link'
import { HomeOverview } from '@/components/analytics/home-overview'
import { ActivityFeed } from '@/components/activity/activity-feed'
import { Brand } from '@/components/brand'
import { LocaleSwitch } from '@/components/locale-switch'
import { NotificationBell } from '@/components/notifications/notification-bell'
import { SignOutButton } from '@/components/sign-out-button'
import { Badge, Card, CardBody, CardHeader, EmptyState } from '@/components/ui'
import { CreateWorkspaceForm } from '@/components/workspaces/create-workspace-form'
import { HOME_PERIODS, homeStats, type HomePeriod } from '@/lib/analytics/home'
import { requireUser } from '@/lib/auth/server'
import { formatDate } from '@/lib/i18n'
import { getLocale, getT } from '@/lib/i18n/server'
import { listWorkspaces } from '@/lib/workspaces'
import { userIdentity } from '../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('workspaces.title') }
}

/** The dashboard home, where a person lands after signing in: the figures of a period, recent conversations, then the workspaces. */
export default async function WorkspacesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser('/workspaces')
  const asked = Number((await searchParams).days)
  const days: HomePeriod = HOME_PERIODS.find((period) => period === asked) ?? 30
  const [t, locale, page, stats] = await Promise.all([getT(), getLocale(), listWorkspaces(userIdentity(user), { limit: 100 }), homeStats(userIdentity(user), days)])
  const workspaces = page.items

  return (
    <>
      <a href="#main" className="skip-link">
        {t('common.skipToContent')}
      </a>
      <header className="topbar">
        <Brand href="/workspaces" name={t('app.name')} />
        <div className="topbar-actions">
          <span className="user-email" title={user.email}>
            {user.email}
          </span>
          <NotificationBell />
          <LocaleSwitch />
          <SignOutButton />
        </div>
      </header>
      <main id="main" className="page">
        <div className="page-header">
          <div>
            <h1>{t('home.title')}</h1>
            <p>{t('home.subtitle')}</p>
          </div>
        </div>

        <div className="stack-lg">
          <HomeOverview stats={stats} t={t} locale={locale} />

          <section id="home-activity" aria-label={t('home.activity')} className="stack">
            <ActivityFeed limit={8} />
          </section>

          <h2>{t('workspaces.title')}</h2>
          <p className="subtle">{t('workspaces.subtitle')}</p>
          {workspaces.length === 0 ? (
            <EmptyState icon="sparkles" title={t('workspaces.emptyTitle')}>
              <p>{t('workspaces.emptyBody')}</p>
            </EmptyState>
          ) : (
            <ul className="ws-grid">
              {workspaces.map((workspace) => (
                <li key={workspace.id}>
                  <div className="card ws-card">
                    <span className="ws-avatar" aria-hidden="true">
                      {workspace.name.trim().charAt(0).toUpperCase() || 'W'}
                    </span>
                    <Link href={`/workspaces/${workspace.id}/chat`}>{workspace.name}</Link>
                    <div className="ws-meta">
                      <span className="subtle">{t('workspaces.created', { date: formatDate(workspace.createdAt, locale) })}</span>
                      <Badge tone={workspace.role === 'owner' || workspace.role === 'admin' ? 'brand' : 'neutral'}>
                        <span className="visually-hidden">{t('workspaces.yourRole', { role: '' })}</span>
                        {t(`role.${workspace.role}`)}
                      </Badge>
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
          {page.nextCursor && <p className="subtle">{t('workspaces.more')}</p>}

          <Card aria-labelledby="create-workspace-title">
            <CardHeader title={<span id="create-workspace-title">{t('workspaces.create.title')}</span>} />
            <CardBody>
              <CreateWorkspaceForm />
            </CardBody>
          </Card>
        </div>
      </main>
    </>
  )
}
