import { handle } from '@/lib/api/route'
import { createWebhook, listWebhooks } from '@/lib/webhooks'
import { webhookContracts as contracts } from '@/lib/webhooks/contracts'

export const GET = handle(contracts.list, ({ caller, params, query }) => listWebhooks(caller.identity, params.ws, query))
export const POST = handle(contracts.create, ({ caller, params, body }) => createWebhook(caller.identity, params.ws, body))
