import { handle } from '@/lib/api/route'
import { deleteWebhook, updateWebhook } from '@/lib/webhooks'
import { webhookContracts as contracts } from '@/lib/webhooks/contracts'

export const PATCH = handle(contracts.update, ({ caller, params, body }) => updateWebhook(caller.identity, params.ws, params.webhookId, body))
export const DELETE = handle(contracts.delete, ({ caller, params }) => deleteWebhook(caller.identity, params.ws, params.webhookId))
