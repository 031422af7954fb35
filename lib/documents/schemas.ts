import { z } from 'zod'
import { documentTypes } from './detect'
import { failureReasons } from './errors'
import { languages } from './language'

export const documentStatuses = ['queued', 'processing', 'ready', 'failed'] as const

export const documentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(documentTypes).nullable().describe('Detected from the content; null when it could not be'),
  sizeBytes: z.number(),
  status: z.enum(documentStatuses),
  progress: z.number().describe('0 to 1 while processing'),
  error: z
    .object({ reason: z.enum(Object.keys(failureReasons) as [keyof typeof failureReasons]), message: z.string() })
    .nullable()
    .describe('Why processing failed'),
  excluded: z.boolean().describe('Kept out of answers and search'),
  title: z.string().nullable(),
  language: z.enum(languages).nullable(),
  pages: z.number().nullable(),
  chunkCount: z.number(),
  uploadedBy: z.object({ id: z.uuid(), email: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
  processedAt: z.iso.datetime().nullable(),
})
export type DocumentInfo = z.infer<typeof documentSchema>

export const uploadResultSchema = z.object({
  items: z.array(z.object({ id: z.uuid(), name: z.string(), status: z.enum(documentStatuses), error: documentSchema.shape.error })),
})

export const documentTextSchema = z.object({
  text: z.string(),
  chunks: z.array(
    z.object({
      id: z.number(),
      ordinal: z.number(),
      start: z.number(),
      end: z.number(),
      page: z.number().nullable(),
      headingPath: z.array(z.string()),
    }),
  ),
})

export const ragStatsSchema = z.object({
  documents: z.number(),
  chunks: z.number(),
  storageBytes: z.number(),
  byStatus: z.record(z.enum(documentStatuses), z.number()),
  byType: z.record(z.string(), z.number()),
  excluded: z.number(),
})
