import Link from 'next/link'
import type { ReactNode } from 'react'
import { Brand } from '@/components/brand'
import { LocaleSwitch } from '@/components/locale-switch'
import { NotificationBell } from '@/components/notifications/notification-bell'
import { SignOutButton } from '@/components/sign-out-button'
import { Icon } from '@/components/ui'
import { NavLink } from '@/components/ui/nav-link'
import { getT } from '@/lib/i18n/server'
import { loadWorkspace } from '../../_lib/workspace'

export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ ws: string }> }) {
  const { ws } = await params
  const { user, workspace } = await loadWorkspace(ws, `/workspaces/${ws}`)
  const t = await getT()
  const base = `/workspaces/${workspace.id}`
  const items = [
    { href: `${base}/chat`, label: t('nav.chat'), icon: 'chat' },
    { href: `${base}/documents`, label: t('nav.documents'), icon: 'documents' },
    { href: `${base}/analytics`, label: t('nav.analytics'), icon: 'analytics' },
    { href: `${base}/alerts`, label: t('nav.alerts'), icon: 'bell' },
    { href: `${base}/settings`, label: t('nav.settings'), icon: 'settings' },
  ] as const

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        {t('common.skipToContent')}
      </a>
      <aside className="sidebar">
        <div className="sidebar-brand">
          <Brand href="/workspaces" name={t('app.name')} />
        </div>
        <div className="switcher">
          <span className="switcher-label">{t('workspaces.switcher')}</span>
          <span className="switcher-name" title={workspace.name}>
            {workspace.name}
          </span>
          <Link href="/workspaces">{t('workspaces.all')}</Link>
        </div>
        <nav aria-label={t('nav.main')}>
          <ul className="nav-list">
            {items.map((item) => (
              <li key={item.href}>
                <NavLink href={item.href} className="nav-link">
                  <Icon name={item.icon} size={18} />
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-footer">
          <Link href="/docs" className="nav-link">
            <Icon name="book" size={18} />
            {t('nav.apiDocs')}
          </Link>
          <span className="user-email" title={user.email}>
            <span className="visually-hidden">{t('nav.signedInAs')} </span>
            {user.email}
          </span>
          <div className="row">
            <NotificationBell opensUp />
            <LocaleSwitch />
            <SignOutButton />
          </div>
        </div>
      </aside>
      <main id="main" className="main">
        <div className="content">{children}</div>
      </main>
    </div>
  )
}
