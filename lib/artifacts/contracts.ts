import { z } from 'zod'
import { defineContract } from '../api/contract'
import { locales } from '../i18n'
import { pageQuery, pageSchema } from '../api/pagination'
import { artifactCreateSchema, artifactPatchSchema, artifactSchema, conversationExportFormats, exportFormats, versionSchema } from './schemas'

const id = z.uuid('must be an id (UUID)')
const ws = z.uuid('must be a workspace id (UUID)')
const owned = ['unauthorized:auth', 'unauthorized:key'] as const
const file = (what: string) => ({ status: 200 as const, description: `${what}, as a download (\`Content-Disposition: attachment\` with a UTF-8 \`filename*\`)` })

/** The largest body an artifact edit may send; a table's cell count is checked too (413 either way). */
export const ARTIFACT_MAX_BODY = 8 * 1024 * 1024

export const artifactContracts = {
  list: defineContract({
    method: 'GET',
    path: '/api/conversations/{id}/artifacts',
    tag: 'Artifacts',
    summary: 'A conversation’s artifacts, newest first, with their current content',
    auth: 'session-or-secret',
    params: z.object({ id }),
    query: pageQuery,
    success: { status: 200, description: 'A page of artifacts', schema: pageSchema(artifactSchema) },
    errors: [...owned, 'bad_request:api', 'not_found:conversation'],
  }),
  create: defineContract({
    method: 'POST',
    path: '/api/conversations/{id}/artifacts',
    tag: 'Artifacts',
    summary: 'Open something in the canvas: new content, an answer, or a document’s table',
    description:
      'Content by kind: `table` `{columns:[{name,type}], rows:[[cell…]]}` (types `text`, `number`, `percent`, `date`; a text cell starting with `=` is a formula), `chart` `{chartType: bar|line|area|pie|scatter, data: <table>, x, series:[…]}`, `document` `{markdown}`, `code` `{language, code}`. Or `{from:{messageId, as?: "document"|"table"}}` opens an answer (its first Markdown table, as a table), `{from:{documentId, table?}}` a table of a CSV, XLSX or Markdown document.',
    auth: 'session-or-secret',
    params: z.object({ id }),
    body: artifactCreateSchema,
    maxBodyBytes: ARTIFACT_MAX_BODY,
    success: { status: 201, description: 'The artifact, version 1', schema: artifactSchema },
    errors: [...owned, 'bad_request:api', 'not_found:conversation', 'not_found:message', 'not_found:document', 'forbidden:conversation', 'unprocessable:artifact', 'payload_too_large:artifact', 'payload_too_large:api'],
  }),
  get: defineContract({
    method: 'GET',
    path: '/api/artifacts/{id}',
    tag: 'Artifacts',
    summary: 'Read an artifact (its current version)',
    auth: 'session-or-secret',
    params: z.object({ id }),
    success: { status: 200, description: 'The artifact', schema: artifactSchema },
    errors: [...owned, 'not_found:artifact'],
  }),
  versions: defineContract({
    method: 'GET',
    path: '/api/artifacts/{id}/versions',
    tag: 'Artifacts',
    summary: 'Every version of an artifact, newest first, with its content',
    auth: 'session-or-secret',
    params: z.object({ id }),
    success: { status: 200, description: 'The versions', schema: z.object({ items: z.array(versionSchema) }) },
    errors: [...owned, 'not_found:artifact'],
  }),
  update: defineContract({
    method: 'PATCH',
    path: '/api/artifacts/{id}',
    tag: 'Artifacts',
    summary: 'Rename an artifact, or save a new version (edited content, or an earlier version restored)',
    auth: 'session-or-secret',
    params: z.object({ id }),
    body: artifactPatchSchema,
    maxBodyBytes: ARTIFACT_MAX_BODY,
    success: { status: 200, description: 'The artifact', schema: artifactSchema },
    errors: [...owned, 'bad_request:api', 'not_found:artifact', 'forbidden:conversation', 'conflict:artifact', 'unprocessable:artifact', 'payload_too_large:artifact', 'payload_too_large:api'],
  }),
  delete: defineContract({
    method: 'DELETE',
    path: '/api/artifacts/{id}',
    tag: 'Artifacts',
    summary: 'Delete an artifact and its versions',
    auth: 'session-or-secret',
    params: z.object({ id }),
    success: { status: 204, description: 'Deleted' },
    errors: [...owned, 'not_found:artifact'],
  }),
  export: defineContract({
    method: 'GET',
    path: '/api/artifacts/{id}/export',
    tag: 'Exports',
    summary: 'Download an artifact',
    description: 'Tables: `xlsx` (typed cells, formulas, frozen header, autofilter), `csv` (UTF-8 with BOM), `pdf`, `md`, `html`. Charts: `svg`, `png`, `pdf`, plus their data as `xlsx`, `csv`, `md`, `html`. Documents: `md`, `html` (sanitised), `pdf`. Code: `md`, `html`, `pdf`.',
    auth: 'session-or-secret',
    params: z.object({ id }),
    query: z.strictObject({ format: z.enum(exportFormats), lang: z.enum(locales).default('en').describe('The language of the labels and dates') }),
    success: file('The file'),
    errors: [...owned, 'bad_request:api', 'not_found:artifact', 'bad_request:export'],
  }),
  exportMany: defineContract({
    method: 'POST',
    path: '/api/workspaces/{ws}/exports',
    tag: 'Exports',
    summary: 'Several artifacts in one XLSX workbook, one sheet each',
    auth: 'session-or-secret',
    params: z.object({ ws }),
    body: z.strictObject({ artifactIds: z.array(id).min(1, 'name at least one artifact').max(50).refine((ids) => new Set(ids).size === ids.length, 'an artifact is named twice') }),
    success: file('The workbook'),
    errors: [...owned, 'bad_request:api', 'not_found:workspace', 'forbidden:workspace', 'not_found:artifact'],
  }),
  exportConversation: defineContract({
    method: 'GET',
    path: '/api/conversations/{id}/export',
    tag: 'Exports',
    summary: 'Download a conversation',
    description: '`pdf` (title, workspace, date, messages with roles and times, Markdown rendered, numbered sources, tables and charts), `xlsx` (messages with time, role, model, latency and citations; one sheet per table), `md`, `txt`, `html` (self-contained, sanitised), `json` (everything, artifacts included).',
    auth: 'session-or-secret',
    params: z.object({ id }),
    query: z.strictObject({ format: z.enum(conversationExportFormats), lang: z.enum(locales).default('en').describe('The language of the labels and dates') }),
    success: file('The file'),
    errors: [...owned, 'bad_request:api', 'not_found:conversation'],
  }),
}
