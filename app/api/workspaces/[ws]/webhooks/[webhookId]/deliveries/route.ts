import { handle } from '@/lib/api/route'
import { listDeliveries } from '@/lib/webhooks'
import { webhookContracts as contracts } from '@/lib/webhooks/contracts'

export const GET = handle(contracts.deliveries, ({ caller, params, query }) => listDeliveries(caller.identity, params.ws, params.webhookId, query))
