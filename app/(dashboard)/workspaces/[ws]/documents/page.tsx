import type { Metadata } from 'next'
import { DocumentsView } from '@/components/documents/documents-view'
import { config } from '@/lib/config'
import { getDocument, listDocuments, ragStats } from '@/lib/documents'
import { getT } from '@/lib/i18n/server'
import { loadWorkspace } from '../../../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('documents.title') }
}

const editors = new Set(['member', 'admin', 'owner'])

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)
const offset = (value: string | undefined) => (value && /^\d{1,9}$/.test(value) ? Number(value) : null)

/** `?doc=<id>&start=<offset>&end=<offset>` (a citation's "open in the document"): that document's text, the passage highlighted. */
function textToOpen(query: Record<string, string | string[] | undefined>) {
  const doc = one(query.doc)
  if (!doc || !uuid.test(doc)) return null
  const start = offset(one(query.start)) ?? 0
  const end = offset(one(query.end)) ?? start
  return { id: doc.toLowerCase(), start, end: Math.max(end, start) }
}

export default async function DocumentsPage({ params, searchParams }: { params: Promise<{ ws: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ws } = await params
  const { workspace, identity } = await loadWorkspace(ws, `/workspaces/${ws}/documents`)
  const [page, stats, t] = await Promise.all([listDocuments(identity, workspace.id, { limit: 100 }), ragStats(identity, workspace.id), getT()])
  const wanted = textToOpen(await searchParams)
  const doc = wanted ? (page.items.find((d) => d.id === wanted.id) ?? (await getDocument(identity, workspace.id, wanted.id).catch(() => null))) : null
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
        openText={wanted && doc ? { ...wanted, name: doc.name } : null}
      />
    </>
  )
}
