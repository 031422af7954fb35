import type { ReactNode } from 'react'
import { ChatShell } from '@/components/chat/chat-shell'
import { atLeast } from '@/lib/workspaces'
import { loadWorkspace } from '../../../_lib/workspace'

/** The chat's frame: the conversation list stays mounted while the pages below change conversation. */
export default async function ChatLayout({ children, params }: { children: ReactNode; params: Promise<{ ws: string }> }) {
  const { ws } = await params
  const { workspace } = await loadWorkspace(ws, `/workspaces/${ws}/chat`)
  return <ChatShell workspaceId={workspace.id} seesChannels={atLeast(workspace.role, 'admin')}>{children}</ChatShell>
}
