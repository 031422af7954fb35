import { z } from 'zod'

export const conversationChannels = ['dashboard', 'api', 'widget'] as const
export const messageStatuses = ['streaming', 'complete', 'interrupted', 'failed'] as const

const tag = z.string().trim().min(1, 'a tag cannot be empty').max(40, 'a tag has at most 40 characters')
const folder = z.string().trim().min(1, 'a folder name cannot be empty').max(100, 'a folder name has at most 100 characters')

export const conversationSchema = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  title: z.string(),
  folder: z.string().nullable(),
  favorite: z.boolean(),
  tags: z.array(z.string()),
  channel: z.enum(conversationChannels),
  messageCount: z.number(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  lastMessageAt: z.iso.datetime(),
  snippet: z
    .object({ text: z.string(), matches: z.array(z.tuple([z.number(), z.number()])).describe('[start, end) of each match in text') })
    .nullable()
    .describe('With ?q=: where the words were found (in the title or the latest matching message)'),
})
export type Conversation = z.infer<typeof conversationSchema>
export type Snippet = NonNullable<Conversation['snippet']>

export const citationSchema = z.object({
  n: z.number().describe('The [n] marker in the answer'),
  chunkId: z.number(),
  documentId: z.uuid(),
  documentName: z.string(),
  page: z.number().nullable(),
  start: z.number().describe('Where the passage starts in the document text'),
  end: z.number(),
  headingPath: z.array(z.string()),
  text: z.string().describe('The passage as it was when the answer was written'),
  score: z.number(),
})
export type Citation = z.infer<typeof citationSchema>

export const usageSchema = z.object({ inputTokens: z.number().nullable(), outputTokens: z.number().nullable() })

export const messageSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  role: z.enum(['user', 'assistant']),
  parts: z.array(z.record(z.string(), z.unknown())).describe('AI SDK UI message parts'),
  text: z.string(),
  citations: z.array(citationSchema),
  status: z.enum(messageStatuses).describe('interrupted: stopped by the person or a lost connection; failed: see errorCode'),
  errorCode: z.string().nullable(),
  model: z.string().nullable(),
  usage: usageSchema.nullable(),
  ttftMs: z.number().nullable().describe('Time to the first token'),
  totalMs: z.number().nullable(),
  unanswered: z.boolean().describe('The documents did not contain the answer'),
  candidate: z.boolean().describe('One of several models’ answers being compared, until one is kept'),
  feedback: z.object({ rating: z.enum(['up', 'down']), comment: z.string().nullable() }).nullable(),
  replyTo: z.uuid().nullable().describe('The question an answer replies to'),
  createdAt: z.iso.datetime(),
})
export type Message = z.infer<typeof messageSchema>

export const conversationCreateSchema = z.strictObject({
  title: z.string().trim().max(200).optional(),
  folder: folder.nullable().optional(),
  tags: z.array(tag).max(20).optional(),
})

export const conversationPatchSchema = z
  .strictObject({
    title: z.string().trim().min(1, 'a title cannot be empty').max(200).optional(),
    folder: folder.nullable().optional(),
    favorite: z.boolean().optional(),
    tags: z.array(tag).max(20, 'at most 20 tags').optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one of title, folder, favorite, tags')

export const conversationFilters = z.object({
  q: z.string().trim().max(200).optional().describe('Words to find in titles and messages (prefixes match)'),
  folder: folder.optional(),
  favorite: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  tag: tag.optional(),
  channel: z.enum(conversationChannels).optional().describe('Where the conversations were held; admins see every conversation of the widget and of the API'),
})

export const facetsSchema = z.object({
  folders: z.array(z.object({ name: z.string(), count: z.number() })),
  tags: z.array(z.object({ name: z.string(), count: z.number() })),
})

export const feedbackSchema = z.strictObject({
  rating: z.enum(['up', 'down']).nullable().describe('null removes the feedback'),
  comment: z.string().trim().max(2000).optional(),
})
