import { listAlerts } from '@/lib/alerts'
import { alertContracts as contracts } from '@/lib/alerts/contracts'
import { handle } from '@/lib/api/route'

export const GET = handle(contracts.list, ({ caller, params, query }) => listAlerts(caller.identity, params.ws, query))
