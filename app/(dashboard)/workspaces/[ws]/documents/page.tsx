import type { Metadata } from 'next'
import { DocumentsView } from '@/components/documents/documents-view'
import { config } from '@/lib/config'
import { listDocuments, ragStats } from '@/lib/documents'
import { getT } from '@/lib/i18n/server'
import { loadWorkspace } from '../../../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('documents.title') }
}

const editors = new Set(['member', 'admin', 'owner'])

export default async function DocumentsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params
  const { workspace, identity } = await loadWorkspace(ws, `/workspaces/${ws}/documents`)
  const [page, stats, t] = await Promise.all([listDocuments(identity, workspace.id, { limit: 100 }), ragStats(identity, workspace.id), getT()])
  return (
    <>
      <header className="page-header">
        <div>
          <h1>{t('documents.title')}</h1>
          <p>{t('documents.intro')}</p>
        </div>
      </header>
      <DocumentsView
        workspaceId={workspace.id}
        canEdit={editors.has(workspace.role)}
        maxUploadBytes={config().uploadMaxBytes}
        initialDocuments={page.items}
        initialHasMore={page.nextCursor !== null}
        initialStats={stats}
      />
    </>
  )
}
