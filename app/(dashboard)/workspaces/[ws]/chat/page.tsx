import type { Metadata } from 'next'
import { FeaturePlaceholder } from '@/components/workspaces/feature-placeholder'
import { getT } from '@/lib/i18n/server'
import { loadWorkspace } from '../../../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('chat.title') }
}

export default async function ChatPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params
  const { workspace } = await loadWorkspace(ws, `/workspaces/${ws}/chat`)
  const t = await getT()
  return (
    <FeaturePlaceholder
      heading={t('chat.title')}
      icon="chat"
      title={t('chat.emptyTitle')}
      body={t('chat.emptyBody')}
      next={t('chat.emptyNext')}
      action={{ href: `/workspaces/${workspace.id}/settings`, label: t('common.openSettings') }}
    />
  )
}
