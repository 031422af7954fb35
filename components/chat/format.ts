import type { Locale, MessageKey, Translate } from '@/lib/i18n'
import type { Conversation, Snippet } from './types'

const intlLocale = (locale: Locale) => (locale === 'fr' ? 'fr-FR' : 'en-GB')

export type DateGroup = 'today' | 'yesterday' | 'week' | 'older'

const dayStart = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime()

/** Today / Yesterday / Previous 7 days / Older, in the browser's time zone. */
export function dateGroup(iso: string, now = new Date()): DateGroup {
  const day = dayStart(new Date(iso))
  const today = dayStart(now)
  const days = Math.round((today - day) / 86_400_000)
  if (days <= 0) return 'today'
  if (days === 1) return 'yesterday'
  if (days <= 7) return 'week'
  return 'older'
}

export const dateGroups: DateGroup[] = ['today', 'yesterday', 'week', 'older']

/** Conversations (already newest first) cut into the date groups, empty groups left out. */
export function groupByDate(items: Conversation[], now = new Date()): { group: DateGroup; items: Conversation[] }[] {
  const groups = new Map<DateGroup, Conversation[]>()
  for (const item of items) {
    const group = dateGroup(item.lastMessageAt, now)
    groups.set(group, [...(groups.get(group) ?? []), item])
  }
  return dateGroups.filter((group) => groups.has(group)).map((group) => ({ group, items: groups.get(group)! }))
}

/** A search snippet as plain and highlighted parts (rendered as text and <mark>, never HTML). */
export function snippetParts(snippet: Snippet): { text: string; mark: boolean }[] {
  const parts: { text: string; mark: boolean }[] = []
  let last = 0
  for (const [start, end] of snippet.matches) {
    if (start > last) parts.push({ text: snippet.text.slice(last, start), mark: false })
    if (end > start) parts.push({ text: snippet.text.slice(start, end), mark: true })
    last = Math.max(last, end)
  }
  if (last < snippet.text.length) parts.push({ text: snippet.text.slice(last), mark: false })
  return parts
}

/** "[1]", "[1][2]" and "[1, 2]" markers in an answer. */
export const citationPattern = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g

/** Cuts text into plain strings and groups of citation numbers; only numbers in `known` become markers. */
export function splitCitations(text: string, known: Set<number>): (string | number[])[] {
  const out: (string | number[])[] = []
  let last = 0
  for (const match of text.matchAll(citationPattern)) {
    const numbers = match[1].split(',').map((n) => Number(n.trim()))
    if (!numbers.every((n) => known.has(n))) continue
    const at = match.index ?? 0
    if (at > last) out.push(text.slice(last, at))
    out.push(numbers)
    last = at + match[0].length
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}

export function formatSeconds(ms: number, locale: Locale): string {
  const seconds = ms / 1000
  return `${new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: seconds < 10 ? 1 : 0, minimumFractionDigits: seconds < 10 ? 1 : 0 }).format(seconds)} s`
}

export const formatCount = (value: number, locale: Locale) => new Intl.NumberFormat(intlLocale(locale)).format(value)

export const formatTime = (iso: string, locale: Locale) =>
  new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))

const errorKeys: Record<string, MessageKey> = {
  'unavailable:model': 'chat.error.unavailable',
  'rate_limited:model': 'chat.error.rateLimited',
  'timeout:model': 'chat.error.timeout',
  'conflict:chat': 'chat.error.conflict',
  'rate_limit:chat': 'chat.error.rateLimited',
  'not_found:conversation': 'chat.error.notFound',
  'not_found:chat': 'chat.error.notFound',
  'not_found:message': 'chat.error.notFound',
  'forbidden:chat': 'chat.error.forbidden',
  network: 'chat.error.network',
}

/** The stable code and the API's own message of an error thrown by the chat hook. */
export function parseChatError(error: Error | undefined | null): { code: string; message: string | null } | null {
  if (!error) return null
  const raw = error.message ?? ''
  // Error parts carry a bare code; HTTP errors carry the JSON body.
  if (/^[a-z_]+:[a-z_]+$/.test(raw.trim())) return { code: raw.trim(), message: null }
  try {
    const body = JSON.parse(raw) as { error?: { code?: string; message?: string } }
    if (body?.error?.code) return { code: body.error.code, message: body.error.message ?? null }
  } catch {
    // not JSON
  }
  if (error instanceof TypeError || /fetch|network|load failed/i.test(raw)) return { code: 'network', message: null }
  return { code: 'unknown', message: null }
}

/** A sentence a person understands for an error code. */
export function errorText(t: Translate, code: string | null | undefined, message?: string | null): string {
  if (code && errorKeys[code]) return t(errorKeys[code])
  if (code?.startsWith('forbidden:') || code?.startsWith('unauthorized:')) return t('chat.error.forbidden')
  if (code?.startsWith('not_found:')) return t('chat.error.notFound')
  if (code?.startsWith('rate_limit')) return t('chat.error.rateLimited')
  return message || t('chat.error.generic')
}

/** Tags typed as "a, b; c" → trimmed, unique, non-empty. */
export function parseTags(value: string): string[] {
  return [...new Set(value.split(/[,;]/).map((tag) => tag.trim()).filter(Boolean))]
}

/** A v4 UUID; crypto.randomUUID only exists on secure origins (HTTPS, localhost), getRandomValues everywhere. */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext) return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6] & 0x0f) | 0x40
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
