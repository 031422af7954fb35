import type { Metadata } from 'next'
import { GeneralSettingsForm } from '@/components/settings/general-form'
import { installationDefault, listModels } from '@/lib/ai/models'
import { getT } from '@/lib/i18n/server'
import { atLeast } from '@/lib/workspaces'
import { loadWorkspace } from '../../../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('settings.general') }
}

export default async function GeneralSettingsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params
  const { workspace } = await loadWorkspace(ws, `/workspaces/${ws}/settings`)
  return (
    <GeneralSettingsForm
      workspaceId={workspace.id}
      canEdit={atLeast(workspace.role, 'admin')}
      initial={{ name: workspace.name, systemPrompt: workspace.systemPrompt, model: workspace.model, temperature: workspace.temperature }}
      models={listModels().map((model) => ({ id: model.id, label: model.label }))}
      installationDefault={installationDefault().label}
    />
  )
}
