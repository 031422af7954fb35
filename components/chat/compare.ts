import { toChatMessage, type ApiMessage, type CandidateData, type CandidateGroup, type ChatMessage, type Citation } from './types'

/** Comparing models: reading the compare stream, and the thread's answers grouped by question. */

/** The few parts of an AI SDK UI message stream the compare view reads. */
export type StreamChunk =
  | { type: 'data-conversation'; data: { id: string; title: string | null; questionId: string } }
  | { type: 'data-citation'; id: string; data: Citation }
  | { type: 'data-candidate'; id: string; data: CandidateData }
  | { type: 'error'; errorText: string }
  | { type: 'start' | 'finish' | 'abort' }

/**
 * Reads an AI SDK UI message stream (server-sent events, one JSON part per `data:` line)
 * and hands each part to `onChunk`, until the stream ends. Throws what the body throws
 * (an AbortError once the request is aborted).
 */
export async function readChunks(body: ReadableStream<Uint8Array>, onChunk: (chunk: StreamChunk) => void): Promise<void> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const flush = (event: string) => {
    const data = event
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''))
      .join('\n')
    if (!data || data === '[DONE]') return
    let chunk: StreamChunk
    try {
      chunk = JSON.parse(data) as StreamChunk
    } catch {
      return
    }
    onChunk(chunk)
  }
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n')
    let end = buffer.indexOf('\n\n')
    while (end !== -1) {
      flush(buffer.slice(0, end))
      buffer = buffer.slice(end + 2)
      end = buffer.indexOf('\n\n')
    }
  }
  if (buffer.trim()) flush(buffer)
}

/** A candidate of the stream as the thread holds answers; a live one lists every passage retrieved. */
export function candidateMessage(data: CandidateData, citations: Citation[]): ChatMessage {
  return {
    id: data.answerId,
    role: 'assistant',
    parts: [...citations.map((citation) => ({ type: 'data-citation' as const, id: `cit-${citation.n}`, data: citation })), ...(data.text ? [{ type: 'text' as const, text: data.text }] : [])],
    metadata: { model: data.model, status: data.status, errorCode: data.errorCode, ttftMs: data.ttftMs, totalMs: data.totalMs, usage: data.usage },
  }
}

/** The conversation's thread (kept answers only) and, per question, the compared answers not yet chosen. */
export function splitThread(list: ApiMessage[]): { thread: ChatMessage[]; groups: Record<string, CandidateGroup> } {
  const thread: ChatMessage[] = []
  const groups: Record<string, CandidateGroup> = {}
  for (const message of list) {
    if (message.candidate && message.replyTo) {
      const group = (groups[message.replyTo] ??= { questionId: message.replyTo, candidates: [], citations: [], live: null })
      group.candidates.push(toChatMessage(message))
    } else if (!message.candidate) thread.push(toChatMessage(message))
  }
  return { thread, groups }
}

export const candidateStatus = (message: ChatMessage) => message.metadata?.status ?? 'complete'

/** Every answer of the group has ended (complete, stopped or failed). */
export const groupSettled = (group: CandidateGroup) => group.candidates.every((candidate) => candidateStatus(candidate) !== 'streaming')

export const MIN_COMPARED = 2
export const MAX_COMPARED = 4
