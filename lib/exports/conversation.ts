import { findConversation } from '../conversations'
import type { Citation } from '../conversations/schemas'
import { asIdentity, sql, type Identity } from '../db'
import { conversationArtifacts } from '../artifacts'
import type { Artifact } from '../artifacts/schemas'

/** A whole conversation as the exports read it: its messages, their sources and its artifacts. */

export interface ExportMessage {
  id: string
  role: 'user' | 'assistant'
  text: string
  status: string
  model: string | null
  createdAt: Date
  totalMs: number | null
  ttftMs: number | null
  citations: Citation[]
  feedback: number | null
}

export interface ConversationExport {
  id: string
  title: string
  workspaceName: string
  createdAt: Date
  exportedAt: Date
  messages: ExportMessage[]
  artifacts: Artifact[]
}

export async function conversationForExport(identity: Identity, id: string): Promise<ConversationExport> {
  return asIdentity(identity, async (tx) => {
    const conversation = await findConversation(tx, identity, id)
    const [row] = await tx.query<{ title: string; created_at: Date; workspace_name: string }>(sql`
      select c.title, c.created_at, w.name as workspace_name from conversations c join workspaces w on w.id = c.workspace_id where c.id = ${conversation.id}`)
    const messages = await tx.query<{ id: string; role: 'user' | 'assistant'; content: string; status: string; model: string | null; created_at: Date; total_ms: number | null; ttft_ms: number | null; citations: Citation[]; feedback: number | null }>(sql`
      select id, role, content, status, model, created_at, total_ms, ttft_ms, citations, feedback from messages
       where conversation_id = ${conversation.id} and not candidate order by seq`)
    const artifacts = await conversationArtifacts(tx, conversation.id)
    return {
      id: conversation.id,
      title: row.title || 'Conversation',
      workspaceName: row.workspace_name,
      createdAt: row.created_at,
      exportedAt: new Date(),
      messages: messages.map((m) => ({
        id: m.id,
        role: m.role,
        text: m.content,
        status: m.status,
        model: m.model,
        createdAt: m.created_at,
        totalMs: m.total_ms,
        ttftMs: m.ttft_ms,
        citations: m.citations,
        feedback: m.feedback,
      })),
      artifacts,
    }
  })
}
