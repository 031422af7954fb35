import { z } from 'zod'
import { defineContract } from '../api/contract'
import { pageQuery, pageSchema } from '../api/pagination'
import { createWebhookBody, deliverySchema, updateWebhookBody, webhookSchema } from '.'

const wsParams = z.object({ ws: z.uuid('must be a workspace id (UUID)') })
const hookParams = z.object({ ws: z.uuid('must be a workspace id (UUID)'), webhookId: z.uuid('must be a webhook id (UUID)') })
const notMine = ['not_found:workspace', 'forbidden:workspace'] as const
const signing =
  'Deliveries are POSTed as Slack-compatible JSON (`text`, `blocks`, plus `event`, `workspace`, `data`) with `X-Monitora-Event`, `X-Monitora-Delivery`, `X-Monitora-Timestamp` (Unix seconds) and `X-Monitora-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" keyed with the secret>`. Private, loopback and link-local addresses are refused and redirects are not followed.'

export const webhookContracts = {
  list: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/webhooks',
    tag: 'Webhooks',
    summary: 'List webhooks (admins)',
    description: signing,
    auth: 'session-or-secret',
    params: wsParams,
    query: pageQuery,
    success: { status: 200, description: 'A page of webhooks', schema: pageSchema(webhookSchema) },
    errors: ['unauthorized:auth', 'bad_request:api', ...notMine],
  }),
  create: defineContract({
    method: 'POST',
    path: '/api/workspaces/{ws}/webhooks',
    tag: 'Webhooks',
    summary: 'Add a webhook (admins)',
    description: signing,
    auth: 'session-or-secret',
    params: wsParams,
    body: createWebhookBody,
    success: { status: 201, description: 'The webhook, with its signing secret', schema: webhookSchema },
    errors: ['unauthorized:auth', 'bad_request:api', 'conflict:webhook', ...notMine],
  }),
  update: defineContract({
    method: 'PATCH',
    path: '/api/workspaces/{ws}/webhooks/{webhookId}',
    tag: 'Webhooks',
    summary: 'Change, disable or rotate the secret of a webhook (admins)',
    auth: 'session-or-secret',
    params: hookParams,
    body: updateWebhookBody,
    success: { status: 200, description: 'The webhook', schema: webhookSchema },
    errors: ['unauthorized:auth', 'bad_request:api', 'not_found:webhook', ...notMine],
  }),
  delete: defineContract({
    method: 'DELETE',
    path: '/api/workspaces/{ws}/webhooks/{webhookId}',
    tag: 'Webhooks',
    summary: 'Remove a webhook and its delivery log (admins)',
    auth: 'session-or-secret',
    params: hookParams,
    success: { status: 204, description: 'Removed' },
    errors: ['unauthorized:auth', 'not_found:webhook', ...notMine],
  }),
  deliveries: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/webhooks/{webhookId}/deliveries',
    tag: 'Webhooks',
    summary: 'The delivery log of a webhook, newest first (admins)',
    auth: 'session-or-secret',
    params: hookParams,
    query: pageQuery,
    success: { status: 200, description: 'A page of deliveries', schema: pageSchema(deliverySchema) },
    errors: ['unauthorized:auth', 'bad_request:api', 'not_found:webhook', ...notMine],
  }),
  test: defineContract({
    method: 'POST',
    path: '/api/workspaces/{ws}/webhooks/{webhookId}/test',
    tag: 'Webhooks',
    summary: 'Send a test message (admins)',
    description: 'Queued like any delivery and sent at once; read its outcome in the delivery log.',
    auth: 'session-or-secret',
    params: hookParams,
    success: { status: 202, description: 'The queued delivery', schema: deliverySchema },
    errors: ['unauthorized:auth', 'not_found:webhook', ...notMine],
  }),
}
