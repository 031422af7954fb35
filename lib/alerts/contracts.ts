import { z } from 'zod'
import { defineContract } from '../api/contract'
import { pageSchema } from '../api/pagination'
import { alertSchema, alertsQuery, updateAlertBody } from '.'
import { ruleParams, ruleSchema, updateRuleBody } from './rules'

const wsParams = z.object({ ws: z.uuid('must be a workspace id (UUID)') })
const notMine = ['not_found:workspace', 'forbidden:workspace'] as const

export const alertContracts = {
  list: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/alerts',
    tag: 'Alerts',
    summary: 'Alerts of a workspace, newest first (history included)',
    auth: 'session-or-secret',
    params: wsParams,
    query: alertsQuery,
    success: { status: 200, description: 'A page of alerts', schema: pageSchema(alertSchema) },
    errors: ['unauthorized:auth', 'unauthorized:key', 'bad_request:api', 'not_found:workspace'],
  }),
  update: defineContract({
    method: 'PATCH',
    path: '/api/workspaces/{ws}/alerts/{alertId}',
    tag: 'Alerts',
    summary: 'Acknowledge or resolve an alert (admins)',
    description: 'A resolved alert stays resolved (409). Resolved by hand, a rule raises it again only for what happens afterwards.',
    auth: 'session-or-secret',
    params: z.object({ ws: z.uuid('must be a workspace id (UUID)'), alertId: z.uuid('must be an alert id (UUID)') }),
    body: updateAlertBody,
    success: { status: 200, description: 'The alert', schema: alertSchema },
    errors: ['unauthorized:auth', 'bad_request:api', 'not_found:alert', 'conflict:alert', ...notMine],
  }),
  listRules: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/alert-rules',
    tag: 'Alerts',
    summary: 'The alert rules of a workspace and their settings (admins)',
    auth: 'session-or-secret',
    params: wsParams,
    success: { status: 200, description: 'Every rule', schema: z.object({ items: z.array(ruleSchema) }) },
    errors: ['unauthorized:auth', ...notMine],
  }),
  updateRule: defineContract({
    method: 'PATCH',
    path: '/api/workspaces/{ws}/alert-rules/{kind}',
    tag: 'Alerts',
    summary: 'Change a rule, or `{"reset": true}` for its defaults (admins)',
    auth: 'session-or-secret',
    params: ruleParams,
    body: updateRuleBody,
    success: { status: 200, description: 'The rule', schema: ruleSchema },
    errors: ['unauthorized:auth', 'bad_request:api', 'unprocessable:alert', ...notMine],
  }),
  cron: defineContract({
    method: 'GET',
    path: '/api/cron/alerts',
    tag: 'Alerts',
    summary: 'Run one alert cycle (Vercel Cron)',
    description: 'Evaluates every workspace’s rules, makes the weekly reports that are due (at most 20 per call) and sends due webhook deliveries. Requires `Authorization: Bearer $CRON_SECRET`.',
    auth: 'none',
    success: {
      status: 200,
      description: 'What the cycle did',
      schema: z.object({ raised: z.int(), resolved: z.int(), reports: z.int(), deliveries: z.object({ delivered: z.int(), retrying: z.int(), failed: z.int() }), ms: z.int() }),
    },
    errors: ['unauthorized:cron'],
  }),
}
