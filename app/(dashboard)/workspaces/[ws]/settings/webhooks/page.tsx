import type { Metadata } from 'next'
import { Alert } from '@/components/ui'
import { WebhooksManager } from '@/components/webhooks/webhooks-manager'
import { getT } from '@/lib/i18n/server'
import { atLeast } from '@/lib/workspaces'
import { loadWorkspace } from '../../../../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('settings.webhooks') }
}

export default async function WebhooksPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params
  const { workspace } = await loadWorkspace(ws, `/workspaces/${ws}/settings/webhooks`)
  const t = await getT()
  if (!atLeast(workspace.role, 'admin')) return <Alert tone="info">{t('webhooks.needAdmin')}</Alert>
  return <WebhooksManager workspaceId={workspace.id} />
}
