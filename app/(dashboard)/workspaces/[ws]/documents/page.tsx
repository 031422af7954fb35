import type { Metadata } from 'next'
import { FeaturePlaceholder } from '@/components/workspaces/feature-placeholder'
import { getT } from '@/lib/i18n/server'
import { loadWorkspace } from '../../../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('documents.title') }
}

export default async function DocumentsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params
  await loadWorkspace(ws, `/workspaces/${ws}/documents`)
  const t = await getT()
  return (
    <FeaturePlaceholder
      heading={t('documents.title')}
      icon="upload"
      title={t('documents.emptyTitle')}
      body={t('documents.emptyBody')}
      next={t('documents.emptyNext')}
    />
  )
}
