import { z } from 'zod'

/** What an artifact holds, one schema per kind; the model's tool inputs and people's edits are checked with these. */

export const artifactKinds = ['table', 'chart', 'document', 'code'] as const
export type ArtifactKind = (typeof artifactKinds)[number]

/** The largest table kept (cells, headers included): bigger ones are refused with 413, never held in memory whole. */
export const MAX_TABLE_CELLS = 200_000
export const MAX_TEXT_CHARS = 500_000

/** A cell: a text starting with "=" is a formula (kept as one in XLSX). */
export const cellSchema = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()])
export type Cell = z.infer<typeof cellSchema>

export const columnTypes = ['text', 'number', 'percent', 'date'] as const
export type ColumnType = (typeof columnTypes)[number]

export const columnSchema = z.strictObject({
  name: z.string().trim().min(1, 'a column needs a name').max(200),
  type: z.enum(columnTypes).default('text').describe('number: figures; percent: fractions shown as % (0.25 is 25 %); date: ISO dates (2024-03-31)'),
})
export type Column = z.infer<typeof columnSchema>

export const tableContentSchema = z
  .strictObject({
    columns: z.array(columnSchema).min(1, 'a table needs at least one column').max(200),
    rows: z.array(z.array(cellSchema)),
  })
  .superRefine((table, ctx) => {
    table.rows.forEach((row, i) => {
      if (row.length !== table.columns.length) ctx.addIssue({ code: 'custom', path: ['rows', i], message: `row ${i + 1} has ${row.length} cells for ${table.columns.length} columns` })
    })
  })
export type TableContent = z.infer<typeof tableContentSchema>

export const chartTypes = ['bar', 'line', 'area', 'pie', 'scatter'] as const
export type ChartType = (typeof chartTypes)[number]

export const chartContentSchema = z
  .strictObject({
    chartType: z.enum(chartTypes),
    data: tableContentSchema.describe('The table the chart is drawn from'),
    x: z.string().describe('The column along the horizontal axis (the labels, for a pie)'),
    series: z.array(z.string()).min(1, 'a chart needs at least one series').max(12).describe('The numeric columns drawn (a pie draws the first)'),
    xLabel: z.string().max(200).optional(),
    yLabel: z.string().max(200).optional(),
    sourceTableId: z.uuid().optional().describe('The table artifact the data was taken from'),
  })
  .superRefine((chart, ctx) => {
    const names = new Set(chart.data.columns.map((column) => column.name))
    for (const [path, name] of [['x', chart.x], ...chart.series.map((name) => ['series', name])] as const) {
      if (!names.has(name)) ctx.addIssue({ code: 'custom', path: [path], message: `"${name}" is not a column of the chart's data` })
    }
  })
export type ChartContent = z.infer<typeof chartContentSchema>

export const documentContentSchema = z.strictObject({ markdown: z.string().max(MAX_TEXT_CHARS) })
export type DocumentContent = z.infer<typeof documentContentSchema>

export const codeContentSchema = z.strictObject({
  language: z.string().trim().min(1).max(40).regex(/^[\w+#.-]+$/, 'a language name such as typescript, python or sql'),
  code: z.string().max(MAX_TEXT_CHARS),
})
export type CodeContent = z.infer<typeof codeContentSchema>

export const contentSchemas = {
  table: tableContentSchema,
  chart: chartContentSchema,
  document: documentContentSchema,
  code: codeContentSchema,
} as const

export type ContentOf<K extends ArtifactKind> = z.infer<(typeof contentSchemas)[K]>
export type ArtifactContent = ContentOf<ArtifactKind>

export const authors = ['model', 'person'] as const

export const artifactSchema = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  conversationId: z.uuid(),
  messageId: z.uuid().nullable().describe('The answer that made it, or that it was opened from'),
  kind: z.enum(artifactKinds),
  title: z.string(),
  version: z.number().int().describe('The current version'),
  content: z.unknown().describe('The current version’s content; its shape depends on the kind'),
  author: z.enum(authors).describe('Who wrote the current version'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export type Artifact = z.infer<typeof artifactSchema> & { kind: ArtifactKind; content: ArtifactContent }

export const artifactSummarySchema = artifactSchema.omit({ content: true })
export type ArtifactSummary = Omit<Artifact, 'content'>

export const versionSchema = z.object({
  version: z.number().int(),
  author: z.enum(authors),
  restoredFrom: z.number().int().nullable(),
  content: z.unknown(),
  createdAt: z.iso.datetime(),
})
export type ArtifactVersion = z.infer<typeof versionSchema> & { content: ArtifactContent }

const title = z.string().trim().min(1, 'a title cannot be empty').max(200, 'a title has at most 200 characters')

/**
 * A new artifact: its content, or what to open in the canvas: an answer (as a document, or its
 * first Markdown table as a table) or a table of a CSV, XLSX or Markdown document.
 */
export const artifactCreateSchema = z.union([
  z.strictObject({ kind: z.enum(artifactKinds), title, content: z.unknown(), messageId: z.uuid().optional() }),
  z.strictObject({ from: z.strictObject({ messageId: z.uuid(), as: z.enum(['document', 'table']).default('document') }), title: title.optional() }),
  z.strictObject({ from: z.strictObject({ documentId: z.uuid(), table: z.number().int().min(0).default(0) }), title: title.optional() }),
])
export type ArtifactCreate = z.infer<typeof artifactCreateSchema>

export const artifactPatchSchema = z
  .strictObject({
    title: title.optional(),
    content: z.unknown().optional().describe('A new version with this content'),
    restore: z.number().int().min(1).optional().describe('A new version with the content of this earlier one'),
    baseVersion: z.number().int().min(1).optional().describe('The version this edit was made on: 409 if another was saved since'),
  })
  .refine((patch) => patch.title !== undefined || patch.content !== undefined || patch.restore !== undefined, 'send a title, a content or a version to restore')
  .refine((patch) => patch.content === undefined || patch.restore === undefined, 'send either a content or a version to restore, not both')
export type ArtifactPatch = z.infer<typeof artifactPatchSchema>

export const exportFormats = ['xlsx', 'csv', 'pdf', 'md', 'html', 'svg', 'png'] as const
export type ArtifactExportFormat = (typeof exportFormats)[number]
export const conversationExportFormats = ['pdf', 'xlsx', 'md', 'txt', 'html', 'json'] as const
export type ConversationExportFormat = (typeof conversationExportFormats)[number]

/** What each kind downloads as (a chart's data as a table too). */
export const exportFormatsByKind: Record<ArtifactKind, ArtifactExportFormat[]> = {
  table: ['xlsx', 'csv', 'pdf', 'md', 'html'],
  chart: ['png', 'svg', 'pdf', 'xlsx', 'csv', 'md', 'html'],
  document: ['pdf', 'md', 'html'],
  code: ['md', 'html', 'pdf'],
}
