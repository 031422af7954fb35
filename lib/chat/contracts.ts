import { z } from 'zod'
import { modelSchema } from '../ai/models'
import { defineContract } from '../api/contract'
import { messageSchema } from '../conversations/schemas'
import { streamErrorCodes } from './answer'

const ws = z.uuid('must be a workspace id (UUID)')
const access = ['unauthorized:auth', 'unauthorized:key', 'not_found:workspace', 'forbidden:workspace'] as const

export const QUESTION_MAX_CHARS = 16_000

const question = z.strictObject({
  id: z.string().max(100).optional().describe('The question’s id, kept when it is a UUID (useChat can generate one)'),
  role: z.literal('user', 'must be "user"'),
  parts: z
    .array(z.looseObject({ type: z.string(), text: z.string().optional() }))
    .min(1, 'must hold the question as a text part')
    .max(20),
  metadata: z.unknown().optional(),
})

/** What is wrong with a question's text, if anything: nothing to ask, a character Postgres cannot store, or too many. */
export function questionProblem(text: string, maxChars: number): string | null {
  if (!text) return 'the question is empty'
  if (text.includes('\u0000')) return 'the question holds a NUL character (\\u0000), which cannot be stored'
  if (text.length > maxChars) return `a question has at most ${maxChars.toLocaleString('en')} characters (this one has ${text.length.toLocaleString('en')})`
  return null
}

/** A body's question checked by its schema: the problem, if any, is an issue of `message.parts`. */
export function checkQuestion(text: string, maxChars: number, ctx: z.RefinementCtx): void {
  const problem = questionProblem(text, maxChars)
  if (problem) ctx.addIssue({ code: 'custom', path: ['message', 'parts'], message: problem })
}

/** The question's text: its text parts, joined. */
export const questionText = (message: z.infer<typeof question>) =>
  message.parts
    .filter((part) => part.type === 'text')
    .map((part) => part.text ?? '')
    .join('\n')
    .trim()

const chatBody = z
  .strictObject({
    conversationId: z.uuid('must be a conversation id (UUID)').optional(),
    message: question,
    model: z.string().max(200).optional().describe('A model id from GET /api/workspaces/{ws}/models; the workspace default otherwise'),
    editOf: z.uuid().optional().describe('Replace the conversation’s last question (and its answer) with this one'),
    stream: z.boolean().default(true).describe('false: answer with one JSON object when the answer is complete'),
    trigger: z.string().optional().describe('Sent by useChat; ignored'),
    id: z.string().optional().describe('Sent by useChat; ignored'),
    messages: z.unknown().optional().describe('Ignored: the server keeps the history'),
  })
  .superRefine((body, ctx) => {
    checkQuestion(questionText(body.message), QUESTION_MAX_CHARS, ctx)
    if (body.editOf && !body.conversationId) ctx.addIssue({ code: 'custom', path: ['editOf'], message: 'needs the conversationId of the question to edit' })
  })

const streamDescription = `An AI SDK UI message stream (server-sent events, header \`x-vercel-ai-ui-message-stream: v1\`): \`start\` (the answer's id), \`data-conversation\` (conversation id, title, question id), one \`data-citation\` per source ([n] in the text), the text deltas, then \`finish\` whose \`messageMetadata\` holds the model, token usage, time to first token, total time, status and \`unanswered\`. A failure ends with an \`error\` part whose \`errorText\` is one of ${streamErrorCodes.map((code) => `\`${code}\``).join(', ')}; the partial answer is kept.`

const compareBody = z
  .strictObject({
    conversationId: z.uuid('must be a conversation id (UUID)').optional(),
    message: question,
    models: z
      .array(z.string().max(200))
      .min(2, 'compare at least 2 models')
      .max(4, 'compare at most 4 models')
      .refine((models) => new Set(models).size === models.length, 'each model only once'),
  })
  .superRefine((body, ctx) => checkQuestion(questionText(body.message), QUESTION_MAX_CHARS, ctx))

export const chatContracts = {
  chat: defineContract({
    method: 'POST',
    path: '/api/workspaces/{ws}/chat',
    tag: 'Chat',
    summary: 'Ask a question: a cited answer from the workspace’s documents, streamed',
    description: `${streamDescription} With \`stream: false\` the answer comes as one JSON object \`{conversationId, message}\`. Without \`conversationId\`, a new conversation starts.`,
    auth: 'session-or-secret',
    params: z.object({ ws }),
    body: chatBody,
    success: { status: 200, description: 'The answer (event stream, or JSON with stream: false)', schema: z.object({ conversationId: z.uuid(), message: messageSchema }) },
    errors: [...access, 'bad_request:api', 'bad_request:model', 'bad_request:message', 'not_found:conversation', 'not_found:message', 'forbidden:conversation', 'conflict:chat', 'conflict:api'],
  }),
  retry: defineContract({
    method: 'POST',
    path: '/api/messages/{id}/retry',
    tag: 'Chat',
    summary: 'Regenerate the last answer of a conversation, streamed like the chat route',
    auth: 'session-or-secret',
    params: z.object({ id: z.uuid('must be a message id (UUID)') }),
    body: z.strictObject({ model: z.string().max(200).optional(), stream: z.boolean().default(true) }),
    success: { status: 200, description: 'The new answer (event stream, or JSON with stream: false)', schema: z.object({ conversationId: z.uuid(), message: messageSchema }) },
    errors: ['unauthorized:auth', 'unauthorized:key', 'bad_request:api', 'bad_request:model', 'bad_request:message', 'not_found:message', 'forbidden:conversation', 'conflict:message', 'conflict:chat'],
  }),
  compare: defineContract({
    method: 'POST',
    path: '/api/workspaces/{ws}/compare',
    tag: 'Chat',
    summary: 'Ask 2 to 4 models the same question; their answers stream side by side',
    description:
      'The stream starts like the chat route’s (`start`, `data-conversation`, `data-citation` parts), then carries each answer as `data-candidate` parts `{answerId, model, text, status, errorCode, ttftMs, totalMs, usage}` re-sent under the same id as its text grows; `finish` lists every answer’s timings. Each answer is saved as a candidate: keep one with POST /api/messages/{id}/keep.',
    auth: 'session-or-secret',
    params: z.object({ ws }),
    body: compareBody,
    success: { status: 200, description: 'The answers (event stream)' },
    errors: [...access, 'bad_request:api', 'bad_request:model', 'not_found:conversation', 'forbidden:conversation', 'conflict:chat'],
  }),
  keep: defineContract({
    method: 'POST',
    path: '/api/messages/{id}/keep',
    tag: 'Chat',
    summary: 'Keep one answer of a comparison as the conversation’s answer (the others are deleted)',
    auth: 'session-or-secret',
    params: z.object({ id: z.uuid('must be a message id (UUID)') }),
    success: { status: 200, description: 'The kept answer', schema: messageSchema },
    errors: ['unauthorized:auth', 'unauthorized:key', 'bad_request:message', 'not_found:message', 'forbidden:conversation', 'conflict:chat'],
  }),
  models: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/models',
    tag: 'Chat',
    summary: 'The models that can answer in this workspace',
    auth: 'session-or-secret',
    params: z.object({ ws }),
    success: { status: 200, description: 'The models', schema: z.object({ items: z.array(modelSchema) }) },
    errors: [...access],
  }),
  suggestions: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/suggestions',
    tag: 'Chat',
    summary: 'Starter questions drawn from the documents, or follow-ups drawn from a conversation',
    auth: 'session-or-secret',
    params: z.object({ ws }),
    query: z.strictObject({
      conversationId: z.uuid('must be a conversation id (UUID)').optional(),
      language: z.enum(['fr', 'en']).optional().describe('The language of the questions; by default that of most documents (starters) or of the last question (follow-ups)'),
    }),
    success: {
      status: 200,
      description: 'Questions to suggest',
      schema: z.object({ kind: z.enum(['starter', 'follow-up']), questions: z.array(z.string()) }),
    },
    errors: [...access, 'bad_request:api', 'not_found:conversation'],
  }),
}
