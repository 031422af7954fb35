import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { ChatPage } from '@/components/chat/chat-view'
import { ragStats } from '@/lib/documents'
import { getT } from '@/lib/i18n/server'
import { loadWorkspace } from '../../../../_lib/workspace'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('chat.title') }
}

/** One conversation: the page loads its messages through the API. */
export default async function ConversationPage({ params }: { params: Promise<{ ws: string; conversation: string }> }) {
  const { ws, conversation } = await params
  const { workspace, identity } = await loadWorkspace(ws, `/workspaces/${ws}/chat/${conversation}`)
  if (!uuid.test(conversation)) notFound()
  const stats = await ragStats(identity, workspace.id)
  return (
    <ChatPage
      key={conversation}
      workspaceId={workspace.id}
      conversationId={conversation.toLowerCase()}
      documents={{ ready: stats.byStatus.ready ?? 0, total: stats.documents }}
    />
  )
}
