/** Helpers for chat tests: documents made ready in a workspace, questions asked through the real routes. */
import { expect } from 'vitest'
import * as messagesRoute from '@/app/api/conversations/[id]/messages/route'
import * as retryRoute from '@/app/api/messages/[id]/retry/route'
import * as chatRoute from '@/app/api/workspaces/[ws]/chat/route'
import * as documentsRoute from '@/app/api/workspaces/[ws]/documents/route'
import { asService, sql } from '@/lib/db'
import { kickQueue } from '@/lib/documents/pipeline'
import type { Person } from './actors'
import { call, streamParts } from './http'

/** Uploads the files and processes them; returns the new documents' ids by file name. */
export async function addDocuments(person: Person, workspace: string, files: Record<string, string>): Promise<Record<string, string>> {
  const form = new FormData()
  for (const [name, content] of Object.entries(files)) form.append('file', new File([content], name))
  const response = await call(documentsRoute.POST, 'POST', `/api/workspaces/${workspace}/documents`, { cookie: person.cookie, params: { ws: workspace }, form })
  expect(response.status, response.text).toBe(202)
  await kickQueue()
  return Object.fromEntries(response.json.items.map((item: { id: string; name: string }) => [item.name, item.id]))
}

export interface AskOptions {
  conversationId?: string
  model?: string
  editOf?: string
  stream?: boolean
  messageId?: string
  bearer?: string
}

export function question(text: string, id?: string) {
  return { ...(id ? { id } : {}), role: 'user', parts: [{ type: 'text', text }] }
}

export async function ask(person: Person | null, workspace: string, text: string, options: AskOptions = {}) {
  const { conversationId, model, editOf, stream, messageId, bearer } = options
  const response = await call(chatRoute.POST, 'POST', `/api/workspaces/${workspace}/chat`, {
    cookie: person?.cookie,
    bearer,
    params: { ws: workspace },
    body: { conversationId, model, editOf, stream, message: question(text, messageId) },
  })
  const parts = response.headers.get('content-type')?.startsWith('text/event-stream') ? streamParts(response.text) : []
  const conversation = parts.find((part) => part.type === 'data-conversation')?.data
  return { response, parts, conversationId: conversation?.id as string, questionId: conversation?.questionId as string, answerId: parts[0]?.messageId as string }
}

/** Regenerates an answer through POST /api/messages/{id}/retry. */
export async function retry(auth: { cookie?: string; bearer?: string }, messageId: string, body: Record<string, unknown> = {}) {
  const response = await call(retryRoute.POST, 'POST', `/api/messages/${messageId}/retry`, { ...auth, params: { id: messageId }, body })
  const parts = response.headers.get('content-type')?.startsWith('text/event-stream') ? streamParts(response.text) : []
  return { response, parts, answerId: parts[0]?.messageId as string }
}

/** Every message of a conversation, oldest first, through the messages route. */
export async function messagesOf(auth: { cookie?: string; bearer?: string }, conversationId: string): Promise<any[]> {
  const response = await call(messagesRoute.GET, 'GET', `/api/conversations/${conversationId}/messages`, { ...auth, params: { id: conversationId }, query: { limit: '100' } })
  expect(response.status, response.text).toBe(200)
  return response.json.items
}

/** Every conversation, message and cached suggestion row: compare it around a refused call to prove it wrote nothing. */
export async function chatRows() {
  return asService(async (tx) => ({
    conversations: await tx.query(sql`select * from conversations order by id`),
    messages: await tx.query(sql`select * from messages order by seq`),
    suggestions: await tx.query(sql`select * from workspace_suggestions order by workspace_id`),
  }))
}
