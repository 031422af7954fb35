import { redirect } from 'next/navigation'
import { loadWorkspace } from '../../_lib/workspace'

export default async function WorkspaceHome({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params
  const { workspace } = await loadWorkspace(ws, `/workspaces/${ws}`)
  redirect(`/workspaces/${workspace.id}/chat`)
}
