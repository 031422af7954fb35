import type { UIMessage } from 'ai'
import type { ArtifactKind } from '@/lib/artifacts/schemas'
import type { ArtifactEvent } from '@/lib/artifacts/tools'

/** Shapes the chat page gets from the API (see the chat API contract). */

export interface Conversation {
  id: string
  workspaceId: string
  title: string
  folder: string | null
  favorite: boolean
  tags: string[]
  channel: 'dashboard' | 'api' | 'widget'
  messageCount: number
  createdAt: string
  updatedAt: string
  lastMessageAt: string
  /** Only with ?q=: where the words were found, with the offsets of each match. */
  snippet?: Snippet | null
}

export interface Snippet {
  text: string
  matches: [number, number][]
}

export interface Citation {
  n: number
  chunkId: number
  documentId: string
  documentName: string
  page: number | null
  start: number
  end: number
  headingPath: string[]
  text: string
  score: number
}

export type MessageStatus = 'streaming' | 'complete' | 'interrupted' | 'failed'

export interface Feedback {
  rating: 'up' | 'down'
  comment: string | null
}

export interface Usage {
  inputTokens: number | null
  outputTokens: number | null
}

export interface ApiMessage {
  id: string
  conversationId: string
  role: 'user' | 'assistant'
  parts: ChatMessage['parts']
  text: string
  citations: Citation[]
  status: MessageStatus
  errorCode: string | null
  model: string | null
  usage: Usage | null
  ttftMs: number | null
  totalMs: number | null
  unanswered: boolean
  /** One of several models' answers being compared, until one is kept: not part of the thread. */
  candidate?: boolean
  feedback: Feedback | null
  replyTo: string | null
  createdAt: string
}

export interface Model {
  id: string
  label: string
  provider: 'mistral' | 'openai-compatible' | 'offline'
  default: boolean
}

export interface Facets {
  folders: { name: string; count: number }[]
  tags: { name: string; count: number }[]
}

export interface Suggestions {
  kind: 'starter' | 'follow-up'
  questions: string[]
}

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/** What the chat page keeps about each message besides its parts. */
export interface MessageMeta {
  model?: string | null
  usage?: Usage | null
  ttftMs?: number | null
  totalMs?: number | null
  status?: MessageStatus
  unanswered?: boolean
  errorCode?: string | null
  feedback?: Feedback | null
  createdAt?: string
}

export type ChatData = {
  citation: Citation
  conversation: { id: string; title: string; questionId: string }
  title: { title: string }
  artifact: ArtifactEvent
  'artifact-error': { toolCallId: string; kind: ArtifactKind | null; reason: string }
}

/** One model's answer of a comparison, as the compare stream re-sends it while it grows. */
export interface CandidateData {
  answerId: string
  model: string
  text: string
  status: MessageStatus
  errorCode: string | null
  ttftMs: number | null
  totalMs: number | null
  usage: Usage | null
}

/** The answers of several models to one question, shown side by side until one is kept. */
export interface CandidateGroup {
  questionId: string
  /** One per model, in the order the models were chosen. */
  candidates: ChatMessage[]
  /** The passages retrieved for the question (a comparison being streamed). */
  citations: Citation[]
  /** Streamed by this page: when the question left (performance.now()) and after how long each answer's first words came. */
  live: { startedAt: number; firstMs: Record<string, number> } | null
  /** Stopped here: the server is still saving the answers (none can be kept until it has). */
  saving?: boolean
}

export type ChatMessage = UIMessage<MessageMeta, ChatData>

/** An API message as the chat hook holds it. */
export function toChatMessage(message: ApiMessage): ChatMessage {
  const parts = message.parts?.length ? message.parts : [{ type: 'text' as const, text: message.text }]
  const hasCitations = parts.some((part) => part.type === 'data-citation')
  return {
    id: message.id,
    role: message.role,
    parts: hasCitations ? parts : [...message.citations.map((data) => ({ type: 'data-citation' as const, id: `cit-${data.n}`, data })), ...parts],
    metadata: {
      model: message.model,
      usage: message.usage,
      ttftMs: message.ttftMs,
      totalMs: message.totalMs,
      status: message.status,
      unanswered: message.unanswered,
      errorCode: message.errorCode,
      feedback: message.feedback,
      createdAt: message.createdAt,
    },
  }
}

export const messageText = (message: ChatMessage) =>
  message.parts
    .map((part) => (part.type === 'text' ? part.text : ''))
    .join('')

export const messageCitations = (message: ChatMessage): Citation[] => {
  const byN = new Map<number, Citation>()
  for (const part of message.parts) if (part.type === 'data-citation') byN.set(part.data.n, part.data)
  return [...byN.values()].sort((a, b) => a.n - b.n)
}
