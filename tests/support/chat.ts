/** Helpers for chat tests: documents made ready in a workspace, questions asked through the real routes. */
import { expect } from 'vitest'
import * as chatRoute from '@/app/api/workspaces/[ws]/chat/route'
import * as documentsRoute from '@/app/api/workspaces/[ws]/documents/route'
import { kickQueue } from '@/lib/documents/pipeline'
import type { Person } from './actors'
import { call, streamParts } from './http'

export async function addDocuments(person: Person, workspace: string, files: Record<string, string>) {
  const form = new FormData()
  for (const [name, content] of Object.entries(files)) form.append('file', new File([content], name))
  const response = await call(documentsRoute.POST, 'POST', `/api/workspaces/${workspace}/documents`, { cookie: person.cookie, params: { ws: workspace }, form })
  expect(response.status, response.text).toBe(202)
  await kickQueue()
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
