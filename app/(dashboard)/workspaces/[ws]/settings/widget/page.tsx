import type { Metadata } from 'next'
import { WidgetSettingsForm } from '@/components/settings/widget-form'
import { getT } from '@/lib/i18n/server'
import { atLeast } from '@/lib/workspaces'
import { loadWorkspace } from '../../../../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('settings.widget') }
}

export default async function WidgetSettingsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params
  const { workspace } = await loadWorkspace(ws, `/workspaces/${ws}/settings/widget`)
  return (
    <WidgetSettingsForm
      workspaceId={workspace.id}
      canEdit={atLeast(workspace.role, 'admin')}
      initialDomains={workspace.allowedDomains}
      initialWidget={{
        title: workspace.widget.title,
        greeting: workspace.widget.greeting,
        color: workspace.widget.color,
        position: workspace.widget.position,
        language: workspace.widget.language,
      }}
    />
  )
}
