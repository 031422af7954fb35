import { handle } from '@/lib/api/route'
import { sendTest } from '@/lib/webhooks'
import { webhookContracts as contracts } from '@/lib/webhooks/contracts'

export const POST = handle(contracts.test, ({ caller, params }) => sendTest(caller.identity, params.ws, params.webhookId))
