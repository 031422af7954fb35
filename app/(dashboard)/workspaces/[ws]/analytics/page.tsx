import type { Metadata } from 'next'
import { FeaturePlaceholder } from '@/components/workspaces/feature-placeholder'
import { getT } from '@/lib/i18n/server'
import { loadWorkspace } from '../../../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('analytics.title') }
}

export default async function AnalyticsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params
  await loadWorkspace(ws, `/workspaces/${ws}/analytics`)
  const t = await getT()
  return (
    <FeaturePlaceholder
      heading={t('analytics.title')}
      icon="analytics"
      title={t('analytics.emptyTitle')}
      body={t('analytics.emptyBody')}
      next={t('analytics.emptyNext')}
    />
  )
}
