import type { UIMessageChunk } from 'ai'
import type { WidgetCaller } from '../api/caller'
import { ApiError } from '../api/errors'
import { ask } from '../chat'
import type { AnswerMetadata } from '../chat/answer'
import { followUps, suggestions } from '../chat/suggestions'
import { messageColumns, setFeedback, toMessage } from '../conversations'
import type { Citation, Message } from '../conversations/schemas'
import { asIdentity, asService, sql, type Identity, type Queryable } from '../db'
import { clientIp } from '../http/request'
import { fromAcceptLanguage, type Locale } from '../i18n'
import { hitEach, recordRefusal } from '../ratelimit'
import { requireRole } from '../workspaces/access'
import { widgetDefaults, type Workspace } from '../workspaces/schemas'
import type { PublicCitation, WidgetConfig, WidgetMessage } from './contracts'
import { siteOfCall } from './site'
import { anonymousVisitorId, newSecret, verifyIdentity, verifyVisitorToken, visitorToken } from './visitors'

/**
 * What a widget visitor may do: read the widget's settings, ask, read its own conversation,
 * rate answers, start over. Every call is checked in the same order: the public key (the
 * route's caller), the embedding site against the allowed domains, the visitor's signed token,
 * then the workspace's rate limits; then it runs as that visitor under row-level security.
 */

export type WidgetSettings = Workspace['widget']
export type VisitorIdentity = Identity & { kind: 'visitor' }

export const VISITOR_TOKEN_HEADER = 'x-visitor-token'
const WINDOW_SECONDS = 60
const HISTORY_MESSAGES = 100

export interface WidgetWorkspace {
  id: string
  allowedDomains: string[]
  settings: WidgetSettings
  identitySecret: string
  tokenSecret: string
}

/** A workspace's widget settings and secrets (made on first use), read by the server for a verified key. */
export async function widgetWorkspace(workspaceId: string): Promise<WidgetWorkspace> {
  return asService(async (tx) => {
    const read = () =>
      tx.query<{ allowed_domains: string[]; widget: Partial<WidgetSettings>; identity_secret: string | null; token_secret: string | null }>(sql`
        select w.allowed_domains, w.widget, s.identity_secret, s.token_secret
          from workspaces w left join widget_secrets s on s.workspace_id = w.id where w.id = ${workspaceId}`)
    let [row] = await read()
    if (row && !row.token_secret) {
      await tx.query(sql`insert into widget_secrets (workspace_id, identity_secret, token_secret) values (${workspaceId}, ${newSecret()}, ${newSecret()}) on conflict do nothing`)
      ;[row] = await read()
    }
    if (!row) throw new ApiError('unauthorized:key', 'This public key is not valid: its workspace no longer exists.')
    return {
      id: workspaceId,
      allowedDomains: row.allowed_domains,
      settings: { ...widgetDefaults, ...row.widget },
      identitySecret: row.identity_secret!,
      tokenSecret: row.token_secret!,
    }
  })
}

export interface WidgetCall {
  workspace: WidgetWorkspace
  keyId: string
  site: string
  ip: string
  request: Request
}

/** Every widget route begins here: the key's workspace, and the calling site checked against its allowed domains. */
export async function openCall(request: Request, caller: WidgetCaller): Promise<WidgetCall> {
  const workspace = await widgetWorkspace(caller.key.workspaceId)
  const site = siteOfCall(request, workspace.allowedDomains)
  return { workspace, keyId: caller.key.id, site, ip: clientIp(request), request }
}

const asVisitor = (call: WidgetCall, visitorId: string): VisitorIdentity => ({ kind: 'visitor', keyId: call.keyId, workspaceId: call.workspace.id, visitorId })

/** The visitor of a call, from its signed token, or 401 unauthorized:visitor. */
function visitorOf(call: WidgetCall): VisitorIdentity {
  const token = call.request.headers.get(VISITOR_TOKEN_HEADER)
  if (!token) throw new ApiError('unauthorized:visitor', 'Send the visitor token that GET /api/widget/config gave this visitor, as the X-Visitor-Token header.')
  const visitorId = token.length <= 600 ? verifyVisitorToken(call.workspace.tokenSecret, call.workspace.id, token) : null
  if (!visitorId) throw new ApiError('unauthorized:visitor', 'This visitor token is not valid for this workspace: ask GET /api/widget/config for a new one.')
  return asVisitor(call, visitorId)
}

/**
 * Counts the call in the workspace's limits, per minute: every call per network address, and
 * questions per address and per visitor. 429 rate_limited:widget with Retry-After when spent.
 */
async function limit(call: WidgetCall, visitor: VisitorIdentity | null, kind: 'call' | 'question'): Promise<void> {
  const { id, settings } = call.workspace
  const buckets = [{ bucket: `widget:${id}:calls:${call.ip}`, limit: Math.max(120, settings.ipMessagesPerMinute * 4), scope: 'address' }]
  if (kind === 'question') {
    buckets.push({ bucket: `widget:${id}:questions:${call.ip}`, limit: settings.ipMessagesPerMinute, scope: 'address' })
    if (visitor) buckets.push({ bucket: `widget:${id}:visitor:${visitor.visitorId}`, limit: settings.visitorMessagesPerMinute, scope: 'visitor' })
  }
  const over = await hitEach(buckets, WINDOW_SECONDS)
  if (over) {
    await recordRefusal(id)
    const seconds = over.retryAfterSeconds
    throw new ApiError(
      'rate_limited:widget',
      kind === 'question' ? `Too many questions in a minute: try again in ${seconds} s.` : `Too many requests in a minute: try again in ${seconds} s.`,
      { retryAfterSeconds: seconds, scope: over.scope },
      { 'retry-after': String(seconds) },
    )
  }
}

/** The widget's language: the workspace's choice, or the visitor's browser's when automatic. */
export function widgetLanguage(settings: WidgetSettings, request: Request): Locale {
  return settings.language === 'auto' ? (fromAcceptLanguage(request.headers.get('accept-language')) ?? 'en') : settings.language
}

/** The widget's appearance, starter questions, and the visitor's token (a new visitor's when none is sent). */
export async function widgetConfig(call: WidgetCall): Promise<WidgetConfig> {
  const sent = call.request.headers.get(VISITOR_TOKEN_HEADER)
  const visitor = sent ? visitorOf(call) : asVisitor(call, anonymousVisitorId())
  await limit(call, visitor, 'call')
  const language = widgetLanguage(call.workspace.settings, call.request)
  const { title, greeting, color, position, avatarUrl } = call.workspace.settings
  const starters = await suggestions(visitor, call.workspace.id, { language })
  return {
    title,
    greeting,
    color,
    position,
    avatarUrl,
    language,
    suggestions: starters.questions,
    visitorToken: visitorToken(call.workspace.tokenSecret, call.workspace.id, visitor.visitorId),
  }
}

/** The token of a host's user: the host signed its id with the workspace's identity secret. */
export async function identifyVisitor(call: WidgetCall, input: { visitor: string; signature: string }): Promise<{ visitorToken: string }> {
  await limit(call, null, 'call')
  if (!verifyIdentity(call.workspace.identitySecret, input.visitor, input.signature)) {
    throw new ApiError('unauthorized:visitor', 'This signature does not match the visitor: sign its id with HMAC-SHA256 and the identity secret of the widget settings.')
  }
  return { visitorToken: visitorToken(call.workspace.tokenSecret, call.workspace.id, `u:${input.visitor}`) }
}

/** The visitor's current conversation (not reset), if any. */
async function currentConversation(tx: Queryable, visitor: VisitorIdentity): Promise<string | null> {
  const [row] = await tx.query<{ id: string }>(sql`
    select id from conversations
     where workspace_id = ${visitor.workspaceId} and visitor_id = ${visitor.visitorId} and reset_at is null
     order by last_message_at desc limit 1`)
  return row?.id ?? null
}

export const publicCitation = (citation: Citation): PublicCitation => ({
  n: citation.n,
  documentName: citation.documentName,
  page: citation.page,
  headingPath: citation.headingPath,
  text: citation.text,
})

/** What a visitor sees of a message: no model, usage or internal ids of documents. */
const toWidgetMessage = (message: Message): WidgetMessage => ({
  id: message.id,
  role: message.role,
  text: message.text,
  citations: message.citations.map(publicCitation),
  status: message.status,
  errorCode: message.errorCode,
  feedback: message.feedback?.rating ?? null,
})

/** The visitor's current conversation, oldest message first (its last messages when it is long). */
export async function widgetHistory(call: WidgetCall): Promise<{ conversationId: string | null; messages: WidgetMessage[] }> {
  const visitor = visitorOf(call)
  await limit(call, visitor, 'call')
  return asIdentity(visitor, async (tx) => {
    const conversationId = await currentConversation(tx, visitor)
    if (!conversationId) return { conversationId: null, messages: [] }
    const rows = await tx.query<Parameters<typeof toMessage>[0]>(sql`
      select * from (select ${messageColumns} from messages where conversation_id = ${conversationId} order by seq desc limit ${HISTORY_MESSAGES}) m order by seq`)
    return { conversationId, messages: rows.map(toMessage).map(toWidgetMessage) }
  })
}

/**
 * A question in the visitor's current conversation (a new one after a reset), answered like the
 * dashboard's; once a cited answer is saved, the stream ends with follow-up questions to offer.
 */
export async function widgetAsk(call: WidgetCall, text: string): Promise<ReadableStream<UIMessageChunk>> {
  const visitor = visitorOf(call)
  await limit(call, visitor, 'question')
  const current = await asIdentity(visitor, (tx) => currentConversation(tx, visitor))
  const stream = await ask(visitor, call.workspace.id, { conversationId: current ?? undefined, message: { text } })
  let conversationId = current
  let answered = false
  return stream.pipeThrough(
    new TransformStream<UIMessageChunk, UIMessageChunk>({
      transform(chunk, controller) {
        if (chunk.type === 'data-conversation') conversationId = (chunk.data as { id: string }).id
        if (chunk.type === 'finish') answered = (chunk.messageMetadata as AnswerMetadata | undefined)?.status === 'complete'
        controller.enqueue(forVisitor(chunk))
      },
      async flush(controller) {
        if (!answered || !conversationId) return
        const language = widgetLanguage(call.workspace.settings, call.request)
        // Offered, never owed: should they fail, the answer ends as it is.
        const questions = await followUps(visitor, call.workspace.id, conversationId, language).catch(() => [])
        if (questions.length) controller.enqueue({ type: 'data-suggestions', data: { questions }, transient: true })
      },
    }),
  )
}

/** The answer's stream as a visitor sees it: citations without internal ids, the finish without model or usage. */
function forVisitor(chunk: UIMessageChunk): UIMessageChunk {
  if (chunk.type === 'data-citation') return { ...chunk, data: publicCitation(chunk.data as Citation) }
  if (chunk.type === 'finish') {
    const metadata = chunk.messageMetadata as AnswerMetadata | undefined
    return { ...chunk, messageMetadata: metadata && { status: metadata.status, errorCode: metadata.errorCode, unanswered: metadata.unanswered } }
  }
  return chunk
}

export async function widgetFeedback(call: WidgetCall, input: { messageId: string; rating: 'up' | 'down' | null }): Promise<void> {
  const visitor = visitorOf(call)
  await limit(call, visitor, 'call')
  await setFeedback(visitor, input.messageId, { rating: input.rating })
}

/** Starts over: the current conversation ends for the visitor (admins still see it in the dashboard). */
export async function widgetReset(call: WidgetCall): Promise<void> {
  const visitor = visitorOf(call)
  await limit(call, visitor, 'call')
  await asIdentity(visitor, (tx) =>
    tx.query(sql`update conversations set reset_at = now() where workspace_id = ${visitor.workspaceId} and visitor_id = ${visitor.visitorId} and reset_at is null`),
  )
}

/** The identity secret the host signs its users' ids with, for the workspace's admins. */
export async function identitySecret(identity: Identity, workspaceId: string): Promise<string> {
  await asIdentity(identity, (tx) => requireRole(tx, identity, workspaceId, 'admin'))
  return (await widgetWorkspace(workspaceId)).identitySecret
}

/** A new identity secret: signatures made with the old one stop working at once. */
export async function rotateIdentitySecret(identity: Identity, workspaceId: string): Promise<{ identitySecret: string }> {
  await identitySecret(identity, workspaceId)
  const secret = newSecret()
  await asService((tx) => tx.query(sql`update widget_secrets set identity_secret = ${secret}, updated_at = now() where workspace_id = ${workspaceId}`))
  return { identitySecret: secret }
}
