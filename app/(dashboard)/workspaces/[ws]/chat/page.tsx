import type { Metadata } from 'next'
import { ChatPage } from '@/components/chat/chat-view'
import { ragStats } from '@/lib/documents'
import { getT } from '@/lib/i18n/server'
import { loadWorkspace } from '../../../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('chat.title') }
}

/** A new chat: the conversation gets its URL once the first answer starts. */
export default async function NewChatPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params
  const { workspace, identity } = await loadWorkspace(ws, `/workspaces/${ws}/chat`)
  const stats = await ragStats(identity, workspace.id)
  return <ChatPage workspaceId={workspace.id} conversationId={null} documents={{ ready: stats.byStatus.ready ?? 0, total: stats.documents }} />
}
