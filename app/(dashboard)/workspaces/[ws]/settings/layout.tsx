import type { ReactNode } from 'react'
import { NavLink } from '@/components/ui/nav-link'
import { getT } from '@/lib/i18n/server'
import { loadWorkspace } from '../../../_lib/workspace'

export default async function SettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ ws: string }> }) {
  const { ws } = await params
  const { workspace } = await loadWorkspace(ws, `/workspaces/${ws}/settings`)
  const t = await getT()
  const base = `/workspaces/${workspace.id}/settings`
  const sections = [
    { href: base, label: t('settings.general'), exact: true },
    { href: `${base}/widget`, label: t('settings.widget') },
    { href: `${base}/keys`, label: t('settings.keys') },
    { href: `${base}/members`, label: t('settings.members') },
    { href: `${base}/alerts`, label: t('settings.alerts') },
    { href: `${base}/webhooks`, label: t('settings.webhooks') },
    { href: `${base}/danger`, label: t('settings.danger'), danger: true },
  ]
  return (
    <>
      <div className="page-header" style={{ marginBottom: 'var(--space-5)' }}>
        <div>
          <h1>{t('settings.title')}</h1>
          <p>{workspace.name}</p>
        </div>
      </div>
      <nav aria-label={t('settings.subnav')} className="subnav">
        {sections.map((section) => (
          <NavLink key={section.href} href={section.href} exact={section.exact} className={section.danger ? 'subnav-link is-danger' : 'subnav-link'}>
            {section.label}
          </NavLink>
        ))}
      </nav>
      {children}
    </>
  )
}
