import { tool } from 'ai'
import { z } from 'zod'
import { ApiError } from '../api/errors'
import type { Citation } from '../conversations/schemas'
import { asService, sql, type Queryable } from '../db'
import { addVersion, documentTable, insertArtifact, readArtifact, summaryOf } from './index'
import { validateContent } from './kinds'
import { artifactKinds, chartTypes, type Artifact, type ArtifactKind, type TableContent } from './schemas'

/**
 * The canvas tools a model may call while answering: small factories closing over the answer
 * being written (its workspace, conversation and sources come from the server, never from the
 * model). Each result reaches the client as a `data-artifact` part, each refusal as a
 * `data-artifact-error` part, both saved with the answer.
 */

export interface ArtifactToolContext {
  workspaceId: string
  conversationId: string
  answerId: string
  citations: Citation[]
}

export type ArtifactPart =
  | { type: 'data-artifact'; id: string; data: ArtifactEvent }
  | { type: 'data-artifact-error'; id: string; data: { toolCallId: string; kind: ArtifactKind | null; reason: string } }

export type ArtifactEvent = Omit<Artifact, 'content'> & { action: 'created' | 'updated'; content?: Artifact['content'] }

const contentHelp = [
  'The content, by kind:',
  '- table: {"columns":[{"name":"Month","type":"text"},{"name":"Revenue","type":"number"}],"rows":[["January",1200]]}; column types text, number, percent (0.25 for 25 %), date (ISO 2024-03-31); a text cell starting with "=" is a spreadsheet formula.',
  '- chart: {"chartType":"bar|line|area|pie|scatter","x":"Month","series":["Revenue"],"xLabel":"Month","yLabel":"Revenue (€)","data":<a table>} (the axis labels are optional); or give fromArtifact (a table made earlier) or fromSource instead of data.',
  '- document: {"markdown":"..."}',
  '- code: {"language":"python","code":"..."}',
].join('\n')

const createInput = z.object({
  kind: z.enum(artifactKinds),
  title: z.string().min(1).max(200).describe('A short title, in the language of the answer'),
  content: z.record(z.string(), z.unknown()).optional().describe(contentHelp),
  fromSource: z.number().int().min(1).optional().describe('For a table or a chart: take the whole table of the CSV or XLSX source [n] (its figures exactly as in the document)'),
  fromArtifact: z.string().optional().describe('For a chart: the id of a table artifact of this conversation to draw'),
})

const updateInput = z.object({
  id: z.string().describe('The id of an artifact of this conversation'),
  title: z.string().min(1).max(200).optional(),
  content: z.record(z.string(), z.unknown()).describe('The whole new content (same shape as when created)'),
})

export function artifactTools(context: ArtifactToolContext, send: (part: ArtifactPart) => void) {
  const fail = (toolCallId: string, kind: ArtifactKind | null, error: unknown) => {
    const reason = error instanceof ApiError ? error.message : 'The artifact could not be saved.'
    if (!(error instanceof ApiError)) console.error('[artifacts] a tool failed:', error)
    send({ type: 'data-artifact-error', id: `artifact-error-${toolCallId}`, data: { toolCallId, kind, reason } })
    return { ok: false as const, error: reason }
  }
  const announce = (artifact: Artifact, action: ArtifactEvent['action']) => {
    send({ type: 'data-artifact', id: artifact.id, data: { ...summaryOf(artifact), action, content: artifact.content } })
    return { ok: true as const, id: artifact.id, version: artifact.version }
  }

  /** The table a chart or table is taken from: a source's table, or a table artifact of this conversation. */
  async function tableFrom(input: z.infer<typeof createInput>): Promise<TableContent | null> {
    if (input.fromSource !== undefined) {
      const citation = context.citations.find((c) => c.n === input.fromSource)
      if (!citation) throw new ApiError('unprocessable:artifact', `There is no source [${input.fromSource}] in this answer.`)
      return asService(async (tx) => {
        const [chunk] = await tx.query<{ table_index: number | null }>(sql`select table_index from chunks where id = ${citation.chunkId} and workspace_id = ${context.workspaceId}`)
        if (chunk?.table_index == null) throw new ApiError('unprocessable:artifact', `Source [${input.fromSource}] is not a table of a CSV, XLSX or Markdown document.`)
        return (await documentTable(tx, context.workspaceId, citation.documentId, chunk.table_index)).content
      })
    }
    if (input.fromArtifact !== undefined) {
      const id = z.uuid().safeParse(input.fromArtifact)
      const artifact = id.success ? await asService((tx) => readArtifact(tx, id.data).catch(() => null)) : null
      if (!artifact || artifact.conversationId !== context.conversationId || artifact.kind !== 'table') throw new ApiError('unprocessable:artifact', `${input.fromArtifact} is not a table of this conversation.`)
      return artifact.content as TableContent
    }
    return null
  }

  return {
    createArtifact: tool({
      description:
        'Put something in the canvas beside the chat: a table of figures, a chart, a drafted document or a piece of code. Use it when the person asks for a table, a chart, a document or code. Figures must come from the sources.',
      inputSchema: createInput,
      execute: async (input, { toolCallId }) => {
        try {
          const table = await tableFrom(input)
          const content =
            input.kind === 'table' && table
              ? table
              : input.kind === 'chart' && table
                ? { ...input.content, data: table, chartType: (input.content?.chartType as string | undefined) ?? chartTypes[0] }
                : input.content
          const valid = validateContent(input.kind, content)
          const artifact = await asService((tx) =>
            insertArtifact(tx, { workspaceId: context.workspaceId, conversationId: context.conversationId, messageId: context.answerId, kind: input.kind, title: input.title, content: valid, author: 'model' }),
          )
          return announce(artifact, 'created')
        } catch (error) {
          return fail(toolCallId, input.kind, error)
        }
      },
    }),
    updateArtifact: tool({
      description: 'Change an artifact of this conversation (a new version; earlier ones stay in its history): give its id and the whole new content.',
      inputSchema: updateInput,
      execute: async (input, { toolCallId }) => {
        try {
          const id = z.uuid().safeParse(input.id)
          const current = id.success ? await asService((tx) => readArtifact(tx, id.data).catch(() => null)) : null
          if (!current || current.conversationId !== context.conversationId) throw new ApiError('unprocessable:artifact', `${input.id} is not an artifact of this conversation.`)
          const valid = validateContent(current.kind, input.content)
          const artifact = await asService(async (tx) => {
            if (input.title) await tx.query(sql`update artifacts set title = ${input.title} where id = ${current.id} and workspace_id = ${context.workspaceId}`)
            return addVersion(tx, current, valid, 'model')
          })
          return announce(artifact, 'updated')
        } catch (error) {
          return fail(toolCallId, null, error)
        }
      },
    }),
  }
}

/** What the model is told about the canvas: its tools, and the artifacts it may update. */
export async function artifactsInConversation(tx: Queryable, context: Pick<ArtifactToolContext, 'workspaceId' | 'conversationId'>): Promise<string> {
  const rows = await tx.query<{ id: string; kind: ArtifactKind; title: string }>(sql`
    select id, kind, title from artifacts where conversation_id = ${context.conversationId} and workspace_id = ${context.workspaceId} order by created_at desc limit 20`)
  return [
    'Canvas: when the person asks for a table, a chart, a document or code, call createArtifact (for the table of a CSV or XLSX source, pass fromSource), then say in one or two sentences what you put in the canvas, with citations. To change one, call updateArtifact with its id.',
    rows.length ? `Artifacts of this conversation:\n${rows.map((row) => `- ${row.id} (${row.kind}): ${row.title.replace(/\s+/g, ' ')}`).join('\n')}` : 'This conversation has no artifact yet.',
  ].join('\n')
}
