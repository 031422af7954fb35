import type { Metadata } from 'next'
import { DangerZone } from '@/components/settings/danger-zone'
import { getT } from '@/lib/i18n/server'
import { loadWorkspace } from '../../../../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('settings.danger') }
}

export default async function DangerSettingsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params
  const { workspace } = await loadWorkspace(ws, `/workspaces/${ws}/settings/danger`)
  return <DangerZone workspaceId={workspace.id} workspaceName={workspace.name} isOwner={workspace.role === 'owner'} />
}
