import type { Metadata } from 'next'
import { RulesForm } from '@/components/alerts/rules-form'
import { Alert } from '@/components/ui'
import { listRules } from '@/lib/alerts'
import { getT } from '@/lib/i18n/server'
import { atLeast } from '@/lib/workspaces'
import { loadWorkspace } from '../../../../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('settings.alerts') }
}

export default async function AlertRulesPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params
  const { workspace, identity } = await loadWorkspace(ws, `/workspaces/${ws}/settings/alerts`)
  const t = await getT()
  if (!atLeast(workspace.role, 'admin')) return <Alert tone="info">{t('rules.needAdmin')}</Alert>
  const { items } = await listRules(identity, workspace.id)
  return <RulesForm workspaceId={workspace.id} rules={items} />
}
