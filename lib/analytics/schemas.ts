import { z } from 'zod'

export const channels = ['dashboard', 'widget', 'api'] as const
export type Channel = (typeof channels)[number]

const counts = { conversations: z.number(), questions: z.number(), answers: z.number(), unanswered: z.number() }

const passageSchema = z.object({ documentId: z.uuid(), documentName: z.string(), text: z.string(), page: z.number().nullable(), score: z.number() })

export const questionGroupSchema = z.object({
  id: z.uuid(),
  label: z.string().describe('The first wording asked'),
  asked: z.number(),
  unanswered: z.number(),
  examples: z.array(z.string()).describe('Up to three wordings of the question, the first asked first'),
})

export const analyticsSchema = z.object({
  range: z.object({ from: z.string(), to: z.string(), days: z.number() }),
  totals: z.object({ ...counts, failed: z.number(), unansweredRate: z.number().nullable().describe('unanswered / answers') }),
  perDay: z.array(z.object({ day: z.string(), ...counts, messages: z.number(), bySource: z.record(z.enum(channels), z.object({ conversations: z.number(), messages: z.number() })) })),
  bySource: z.array(z.object({ channel: z.enum(channels), conversations: z.number(), messages: z.number() })),
  topQuestions: z.array(questionGroupSchema).describe('Questions grouped by meaning, most asked first'),
  unansweredQuestions: z.array(questionGroupSchema.extend({ passages: z.array(passageSchema).describe('The closest passages found in the documents') })).describe('What to document next'),
  feedback: z.object({
    up: z.number(),
    down: z.number(),
    ratio: z.number().nullable().describe('up / (up + down)'),
    comments: z.array(z.object({ messageId: z.uuid(), conversationId: z.uuid(), rating: z.number(), comment: z.string(), question: z.string().nullable(), at: z.string() })),
  }),
  latency: z.object({
    ttft: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), answers: z.number() }).describe('Time to first token, ms'),
    total: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), answers: z.number() }).describe('Whole answer, ms'),
  }),
  models: z.array(z.object({ model: z.string(), answers: z.number(), inputTokens: z.number(), outputTokens: z.number() })),
  documents: z.array(z.object({ documentId: z.uuid(), name: z.string().nullable().describe('null once deleted'), answers: z.number() })).describe('Most cited documents'),
})
export type Analytics = z.infer<typeof analyticsSchema>
export type QuestionGroup = z.infer<typeof questionGroupSchema>
export type Passage = z.infer<typeof passageSchema>

export const analyticsTables = ['conversations', 'days', 'questions', 'unanswered', 'feedback', 'latency', 'models', 'documents'] as const
export type AnalyticsTable = (typeof analyticsTables)[number]

export const reportSchema = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  period: z.literal('weekly'),
  from: z.string(),
  to: z.string(),
  createdAt: z.string(),
  pdfPath: z.string().describe('Download path of the PDF'),
  xlsxPath: z.string().describe('Download path of the workbook'),
})
export type Report = z.infer<typeof reportSchema>
