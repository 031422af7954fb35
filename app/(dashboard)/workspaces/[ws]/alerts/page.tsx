import type { Metadata } from 'next'
import { AlertsBoard } from '@/components/alerts/alerts-board'
import { ButtonLink } from '@/components/ui'
import { getT } from '@/lib/i18n/server'
import { atLeast } from '@/lib/workspaces'
import { loadWorkspace } from '../../../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('alerts.title') }
}

export default async function AlertsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params
  const { workspace } = await loadWorkspace(ws, `/workspaces/${ws}/alerts`)
  const t = await getT()
  const admin = atLeast(workspace.role, 'admin')
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('alerts.title')}</h1>
          <p>{t('alerts.subtitle')}</p>
        </div>
        {admin && (
          <ButtonLink href={`/workspaces/${workspace.id}/settings/alerts`} size="sm">
            {t('alerts.manageRules')}
          </ButtonLink>
        )}
      </div>
      <AlertsBoard workspaceId={workspace.id} canManage={admin} />
    </>
  )
}
