import { z } from 'zod'
import { defineContract } from '../api/contract'
import { streamErrorCodes } from '../chat/answer'
import { checkQuestion } from '../chat/contracts'
import { messageStatuses } from '../conversations/schemas'

/** The widget's routes: a public key (pk_), an allowed site, a visitor token. */

export const WIDGET_QUESTION_MAX_CHARS = 2000

const access = ['unauthorized:key', 'forbidden:key', 'forbidden:widget', 'rate_limited:widget'] as const
const visitorAccess = [...access, 'unauthorized:visitor'] as const

const headersNote =
  'Called by the widget page with `Authorization: Bearer pk_...` and `X-Visitor-Token`; the site embedding the widget must be an allowed domain of the workspace (from `Origin`, else `Referer`; the widget page names its site in `X-Monitora-Site`). Limits per minute: calls and questions per network address, questions per visitor (429 `rate_limited:widget` with `Retry-After`).'

export const publicCitationSchema = z.object({
  n: z.number().describe('The [n] marker in the answer'),
  documentName: z.string(),
  page: z.number().nullable(),
  headingPath: z.array(z.string()),
  text: z.string().describe('The passage'),
})
export type PublicCitation = z.infer<typeof publicCitationSchema>

export const widgetMessageSchema = z.object({
  id: z.uuid(),
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  citations: z.array(publicCitationSchema),
  status: z.enum(messageStatuses),
  errorCode: z.string().nullable(),
  feedback: z.enum(['up', 'down']).nullable(),
})
export type WidgetMessage = z.infer<typeof widgetMessageSchema>

export const widgetConfigSchema = z.object({
  title: z.string(),
  greeting: z.string(),
  color: z.string(),
  position: z.enum(['bottom-right', 'bottom-left']),
  avatarUrl: z.string().nullable(),
  language: z.enum(['en', 'fr']).describe('Resolved: the workspace’s choice, or the visitor’s browser language when automatic'),
  suggestions: z.array(z.string()).describe('Starter questions drawn from the documents'),
  visitorToken: z.string().describe('The visitor’s token: the one sent, or a new visitor’s. Keep it and send it as X-Visitor-Token'),
})
export type WidgetConfig = z.infer<typeof widgetConfigSchema>

const question = z.strictObject({
  role: z.literal('user', 'must be "user"'),
  parts: z
    .array(z.strictObject({ type: z.literal('text'), text: z.string().max(WIDGET_QUESTION_MAX_CHARS * 2) }))
    .length(1, 'must hold the question as one text part'),
})

const chatBody = z.strictObject({ message: question }).superRefine((body, ctx) => checkQuestion(body.message.parts[0].text.trim(), WIDGET_QUESTION_MAX_CHARS, ctx))

export const widgetContracts = {
  rotateSecret: defineContract({
    method: 'POST',
    path: '/api/workspaces/{ws}/widget/secret',
    tag: 'Widget',
    summary: 'Rotate the widget’s identity secret (admins)',
    description: 'The secret a host signs its users’ ids with for `Monitora.identify(visitor, signature)`. The old secret stops working at once.',
    auth: 'session',
    params: z.object({ ws: z.uuid('must be a workspace id (UUID)') }),
    success: { status: 200, description: 'The new secret', schema: z.object({ identitySecret: z.string() }) },
    errors: ['unauthorized:auth', 'not_found:workspace', 'forbidden:workspace'],
  }),
  config: defineContract({
    method: 'GET',
    path: '/api/widget/config',
    tag: 'Widget',
    summary: 'The widget’s appearance, starter questions and the visitor’s token',
    description: `${headersNote} Without X-Visitor-Token a new visitor is made.`,
    auth: 'public-key',
    success: { status: 200, description: 'The widget’s settings', schema: widgetConfigSchema },
    errors: [...visitorAccess],
  }),
  identify: defineContract({
    method: 'POST',
    path: '/api/widget/identify',
    tag: 'Widget',
    summary: 'Ties the visitor to a user of the host site, signed by the host',
    description: `${headersNote} \`signature\` is the hex HMAC-SHA256 of \`visitor\` with the workspace’s identity secret (widget settings), computed by the host’s server. The answer is that user’s visitor token: the same conversation on every device.`,
    auth: 'public-key',
    body: z.strictObject({
      visitor: z.string().trim().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').describe('The host’s id of its user'),
      signature: z.string().max(200),
    }),
    success: { status: 200, description: 'The visitor token of that user', schema: z.object({ visitorToken: z.string() }) },
    errors: [...visitorAccess, 'bad_request:api'],
  }),
  chat: defineContract({
    method: 'POST',
    path: '/api/widget/chat',
    tag: 'Widget',
    summary: 'Ask the workspace’s assistant: a cited answer, streamed',
    description: `${headersNote} The question goes into the visitor’s current conversation (a new one after a reset). The answer streams as the dashboard chat’s (AI SDK UI message stream): \`start\`, \`data-conversation\`, one \`data-citation\` per source, the text, \`finish\` with \`{status, errorCode, unanswered}\`, then, after a cited answer, \`data-suggestions\` with \`{questions}\`: follow-up questions drawn from the sections near the cited passages; a failure ends with an \`error\` part (${streamErrorCodes.map((code) => `\`${code}\``).join(', ')}).`,
    auth: 'public-key',
    body: chatBody,
    maxBodyBytes: 16 * 1024,
    success: { status: 200, description: 'The answer (event stream)', contentType: 'text/event-stream' },
    errors: [...visitorAccess, 'bad_request:api', 'payload_too_large:api', 'conflict:chat'],
  }),
  history: defineContract({
    method: 'GET',
    path: '/api/widget/history',
    tag: 'Widget',
    summary: 'The visitor’s current conversation',
    description: `${headersNote} Its last 100 messages, oldest first.`,
    auth: 'public-key',
    success: { status: 200, description: 'The conversation', schema: z.object({ conversationId: z.uuid().nullable(), messages: z.array(widgetMessageSchema) }) },
    errors: [...visitorAccess],
  }),
  feedback: defineContract({
    method: 'POST',
    path: '/api/widget/feedback',
    tag: 'Widget',
    summary: 'Thumbs up or down on an answer of the visitor’s',
    description: headersNote,
    auth: 'public-key',
    body: z.strictObject({ messageId: z.uuid('must be a message id (UUID)'), rating: z.enum(['up', 'down']).nullable().describe('null removes it') }),
    success: { status: 204, description: 'Saved' },
    errors: [...visitorAccess, 'bad_request:api', 'bad_request:message', 'not_found:message'],
  }),
  reset: defineContract({
    method: 'POST',
    path: '/api/widget/reset',
    tag: 'Widget',
    summary: 'Start over: the visitor’s next question opens a new conversation',
    description: `${headersNote} The ended conversation stays visible to the workspace’s admins.`,
    auth: 'public-key',
    success: { status: 204, description: 'Done' },
    errors: [...visitorAccess],
  }),
}
