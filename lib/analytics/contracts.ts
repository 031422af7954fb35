import { z } from 'zod'
import { defineContract } from '../api/contract'
import { locales } from '../i18n'
import { MAX_RANGE_DAYS, rangeQuery } from './range'
import { analyticsSchema, analyticsTables, reportSchema } from './schemas'

const ws = z.uuid('must be a workspace id (UUID)')
const access = ['unauthorized:auth', 'unauthorized:key', 'not_found:workspace', 'forbidden:workspace'] as const
const rangeNote = `Days are UTC, both ends included; a range is at most ${MAX_RANGE_DAYS} days (longer or reversed ranges answer \`400 bad_request:analytics\`).`

export const analyticsContracts = {
  read: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/analytics',
    tag: 'Analytics',
    summary: 'Conversations and messages per day and by source, top and unanswered questions grouped by meaning, feedback, timings, tokens, cited documents (admins)',
    description: `Read from daily rollups kept by the database. ${rangeNote}`,
    auth: 'session-or-secret',
    params: z.object({ ws }),
    query: z.strictObject(rangeQuery.shape),
    success: { status: 200, description: 'The analytics of the range', schema: analyticsSchema },
    errors: [...access, 'bad_request:api', 'bad_request:analytics'],
  }),
  export: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/analytics/export',
    tag: 'Analytics',
    summary: 'One table of the analytics, or the conversation logs, as CSV or XLSX (admins)',
    description: `\`table=conversations\` is every message of the range (the conversation logs), streamed. ${rangeNote}`,
    auth: 'session-or-secret',
    params: z.object({ ws }),
    query: z.strictObject({
      ...rangeQuery.shape,
      table: z.enum(analyticsTables),
      format: z.enum(['csv', 'xlsx']),
      lang: z.enum(locales).default('en').describe('The language of the column names'),
    }),
    success: { status: 200, description: 'A download', contentType: 'text/csv' },
    errors: [...access, 'bad_request:api', 'bad_request:analytics'],
  }),
  reports: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/reports',
    tag: 'Analytics',
    summary: 'The periodic reports of the workspace, newest first (admins)',
    auth: 'session-or-secret',
    params: z.object({ ws }),
    success: { status: 200, description: 'Reports', schema: z.object({ items: z.array(reportSchema) }) },
    errors: [...access],
  }),
  report: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/reports/{report}',
    tag: 'Analytics',
    summary: 'Download a report as PDF or XLSX (admins)',
    auth: 'session-or-secret',
    params: z.object({ ws, report: z.uuid('must be a report id (UUID)') }),
    query: z.strictObject({ format: z.enum(['pdf', 'xlsx']) }),
    success: { status: 200, description: 'A download', contentType: 'application/pdf' },
    errors: [...access, 'bad_request:api', 'not_found:report'],
  }),
}
