import { ApiError, notFound } from '../api/errors'
import { keyset, type Page, type PageQuery } from '../api/pagination'
import { titleFrom } from '../chat/prompt'
import { findConversation, findMessage, requireMine } from '../conversations'
import { asIdentity, sql, type Identity, type Queryable } from '../db'
import { requireRole } from '../workspaces/access'
import { tableFromMarkdown, typedTable, validateContent } from './kinds'
import type { Artifact, ArtifactContent, ArtifactCreate, ArtifactKind, ArtifactPatch, ArtifactSummary, ArtifactVersion, Cell, TableContent } from './schemas'

/** Artifacts and their versions: who may see or change what is decided here and, again, by row-level security. */

interface ArtifactRow {
  id: string
  workspace_id: string
  conversation_id: string
  message_id: string | null
  user_id: string | null
  kind: ArtifactKind
  title: string
  version: number
  content: ArtifactContent
  author: Artifact['author']
  created_at: Date
  updated_at: Date
}

const columns = sql`a.id, a.workspace_id, a.conversation_id, a.message_id, a.user_id, a.kind, a.title, a.version, v.content, v.author, a.created_at, a.updated_at`
const fromCurrent = sql`artifacts a join artifact_versions v on v.artifact_id = a.id and v.version = a.version`

const toArtifact = (row: ArtifactRow): Artifact => ({
  id: row.id,
  workspaceId: row.workspace_id,
  conversationId: row.conversation_id,
  messageId: row.message_id,
  kind: row.kind,
  title: row.title,
  version: row.version,
  content: row.content,
  author: row.author,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
})

export const summaryOf = ({ content: _content, ...summary }: Artifact): ArtifactSummary => summary

/** An artifact the caller may see (its conversation's author, an admin, a key of its workspace), or 404. */
async function findArtifact(tx: Queryable, identity: Identity, id: string): Promise<Artifact & { mine: boolean }> {
  const [row] = await tx.query<ArtifactRow>(sql`select ${columns} from ${fromCurrent} where a.id = ${id}`)
  if (!row || (identity.kind === 'key' && row.workspace_id !== identity.workspaceId)) throw notFound('artifact', 'This artifact')
  const mine = identity.kind === 'user' ? row.user_id === identity.userId : row.user_id === null
  return { ...toArtifact(row), mine }
}

export interface NewArtifact {
  workspaceId: string
  conversationId: string
  messageId: string | null
  kind: ArtifactKind
  title: string
  content: ArtifactContent
  author: Artifact['author']
}

/** Inserts an artifact and its first version (content already validated). */
export async function insertArtifact(tx: Queryable, input: NewArtifact): Promise<Artifact> {
  const [row] = await tx.query<{ id: string }>(sql`
    insert into artifacts (workspace_id, conversation_id, message_id, kind, title)
    values (${input.workspaceId}, ${input.conversationId}, ${input.messageId}, ${input.kind}, ${input.title}) returning id`)
  await tx.query(sql`
    insert into artifact_versions (workspace_id, artifact_id, version, content, author)
    values (${input.workspaceId}, ${row.id}, 1, ${JSON.stringify(input.content)}::jsonb, ${input.author})`)
  return readArtifact(tx, row.id)
}

/** A new version of an artifact (content already validated); `baseVersion` guards against overwriting a newer one. */
export async function addVersion(
  tx: Queryable,
  artifact: Pick<Artifact, 'id' | 'workspaceId'>,
  content: ArtifactContent,
  author: Artifact['author'],
  options: { baseVersion?: number; restoredFrom?: number } = {},
): Promise<Artifact> {
  const [row] = await tx.query<{ version: number }>(sql`
    update artifacts set version = version + 1
     where id = ${artifact.id} and workspace_id = ${artifact.workspaceId} ${options.baseVersion === undefined ? sql`` : sql`and version = ${options.baseVersion}`}
     returning version`)
  if (!row) throw new ApiError('conflict:artifact', 'This artifact was changed since you opened it: reload it to see the latest version, then edit again.')
  await tx.query(sql`
    insert into artifact_versions (workspace_id, artifact_id, version, content, author, restored_from)
    values (${artifact.workspaceId}, ${artifact.id}, ${row.version}, ${JSON.stringify(content)}::jsonb, ${author}, ${options.restoredFrom ?? null})`)
  return readArtifact(tx, artifact.id)
}

export async function readArtifact(tx: Queryable, id: string): Promise<Artifact> {
  const [row] = await tx.query<ArtifactRow>(sql`select ${columns} from ${fromCurrent} where a.id = ${id}`)
  if (!row) throw notFound('artifact', 'This artifact')
  return toArtifact(row)
}

/** Every artifact of a conversation at its current version, oldest first (exports). */
export async function conversationArtifacts(tx: Queryable, conversationId: string): Promise<Artifact[]> {
  const rows = await tx.query<ArtifactRow>(sql`select ${columns} from ${fromCurrent} where a.conversation_id = ${conversationId} order by a.created_at, a.id`)
  return rows.map(toArtifact)
}

/** A conversation's artifacts, newest first, with their current content: the canvas opens with them. */
export async function listArtifacts(identity: Identity, conversationId: string, page: PageQuery): Promise<Page<Artifact>> {
  return asIdentity(identity, async (tx) => {
    await findConversation(tx, identity, conversationId)
    const pager = keyset(page, { createdAt: sql`a.created_at`, id: sql`a.id` })
    const rows = await tx.query<ArtifactRow & { cursorAt: string }>(sql`
      select ${columns}, ${pager.cursor} from ${fromCurrent}
       where a.conversation_id = ${conversationId} and ${pager.where}
       order by ${pager.order} limit ${pager.fetch}`)
    return pager.toPage(rows, toArtifact)
  })
}

/** What a person opens in the canvas: content they wrote, an answer, or a document's table. */
async function contentToCreate(tx: Queryable, identity: Identity, conversation: { id: string; workspaceId: string }, input: ArtifactCreate) {
  if ('kind' in input) {
    if (input.messageId) await messageOf(tx, identity, conversation.id, input.messageId)
    return { kind: input.kind, title: input.title, content: validateContent(input.kind, input.content), messageId: input.messageId ?? null }
  }
  if ('messageId' in input.from) {
    const message = await messageOf(tx, identity, conversation.id, input.from.messageId)
    const [row] = await tx.query<{ content: string }>(sql`select content from messages where id = ${message.id}`)
    // Titled by its first words, Markdown marks dropped, as a new conversation is by its question.
    const title = input.title ?? (titleFrom(row.content.replace(/[#*_`>|[\]]+/g, ' ')) || (message.role === 'assistant' ? 'Answer' : 'Question'))
    if (input.from.as === 'table') {
      const table = tableFromMarkdown(row.content)
      if (!table) throw new ApiError('unprocessable:artifact', 'This message has no table to open: open it as a document instead.')
      return { kind: 'table' as const, title, content: validateContent('table', table), messageId: message.id }
    }
    return { kind: 'document' as const, title, content: validateContent('document', { markdown: row.content }), messageId: message.id }
  }
  const table = await documentTable(tx, conversation.workspaceId, input.from.documentId, input.from.table)
  return { kind: 'table' as const, title: input.title ?? table.title, content: table.content, messageId: null }
}

/** A table kept with a CSV, XLSX or Markdown document (its first 10,000 rows), typed, as table content. */
export async function documentTable(tx: Queryable, workspaceId: string, documentId: string, index: number): Promise<{ title: string; content: TableContent }> {
  const [doc] = await tx.query<{ name: string; tables: { name: string; columns: string[]; rows: Cell[][] }[] }>(sql`
    select d.name, t.tables from documents d join document_texts t on t.document_id = d.id
     where d.id = ${documentId} and d.workspace_id = ${workspaceId}`)
  if (!doc) throw notFound('document', 'This document')
  const table = doc.tables[index]
  if (!table) throw new ApiError('unprocessable:artifact', `This document has ${doc.tables.length} table(s): there is no table ${index}.`)
  const title = (doc.tables.length > 1 ? `${doc.name} · ${table.name}` : doc.name).slice(0, 200)
  return { title, content: validateContent('table', typedTable(table.columns, table.rows)) as TableContent }
}

async function messageOf(tx: Queryable, identity: Identity, conversationId: string, messageId: string) {
  const message = await findMessage(tx, identity, messageId)
  if (message.conversationId !== conversationId) throw notFound('message', 'This message')
  return message
}

export async function createArtifact(identity: Identity, conversationId: string, input: ArtifactCreate): Promise<Artifact> {
  return asIdentity(identity, async (tx) => {
    const conversation = await findConversation(tx, identity, conversationId)
    requireMine(conversation)
    const made = await contentToCreate(tx, identity, conversation, input)
    return insertArtifact(tx, { ...made, workspaceId: conversation.workspaceId, conversationId, author: 'person' })
  })
}

export async function getArtifact(identity: Identity, id: string): Promise<Artifact> {
  return asIdentity(identity, async (tx) => {
    const { mine: _mine, ...artifact } = await findArtifact(tx, identity, id)
    return artifact
  })
}

/** Every version, newest first, with its content: the history the canvas diffs and restores from. */
export async function listVersions(identity: Identity, id: string): Promise<ArtifactVersion[]> {
  return asIdentity(identity, async (tx) => {
    await findArtifact(tx, identity, id)
    const rows = await tx.query<{ version: number; author: ArtifactVersion['author']; restored_from: number | null; content: ArtifactContent; created_at: Date }>(sql`
      select version, author, restored_from, content, created_at from artifact_versions where artifact_id = ${id} order by version desc`)
    return rows.map((row) => ({ version: row.version, author: row.author, restoredFrom: row.restored_from, content: row.content, createdAt: row.created_at.toISOString() }))
  })
}

/** A new title, or a new version (edited content or a restored one); versions are never rewritten. */
export async function updateArtifact(identity: Identity, id: string, patch: ArtifactPatch): Promise<Artifact> {
  return asIdentity(identity, async (tx) => {
    const artifact = await findArtifact(tx, identity, id)
    requireMine(artifact)
    if (patch.title !== undefined) await tx.query(sql`update artifacts set title = ${patch.title} where id = ${id}`)
    if (patch.content !== undefined) {
      return addVersion(tx, artifact, validateContent(artifact.kind, patch.content), 'person', { baseVersion: patch.baseVersion })
    }
    if (patch.restore !== undefined) {
      const [old] = await tx.query<{ content: ArtifactContent }>(sql`select content from artifact_versions where artifact_id = ${id} and version = ${patch.restore}`)
      if (!old) throw notFound('artifact', `Version ${patch.restore} of this artifact`)
      return addVersion(tx, artifact, old.content, 'person', { baseVersion: patch.baseVersion, restoredFrom: patch.restore })
    }
    return readArtifact(tx, id)
  })
}

export async function deleteArtifact(identity: Identity, id: string): Promise<void> {
  await asIdentity(identity, async (tx) => {
    await findArtifact(tx, identity, id)
    await tx.query(sql`delete from artifacts where id = ${id}`)
  })
}

/** Artifacts the caller may see, in the order asked, all of one workspace (for one workbook). */
export async function artifactsForExport(identity: Identity, workspaceId: string, ids: string[]): Promise<Artifact[]> {
  return asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'viewer')
    const rows = await tx.query<ArtifactRow>(sql`select ${columns} from ${fromCurrent} where a.id = any(${ids}::uuid[]) and a.workspace_id = ${workspaceId}`)
    const byId = new Map(rows.map((row) => [row.id, toArtifact(row)]))
    const missing = ids.find((id) => !byId.has(id))
    if (missing) throw notFound('artifact', `The artifact ${missing}`)
    return ids.map((id) => byId.get(id)!)
  })
}
