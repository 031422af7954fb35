import { updateAlert } from '@/lib/alerts'
import { alertContracts as contracts } from '@/lib/alerts/contracts'
import { handle } from '@/lib/api/route'

export const PATCH = handle(contracts.update, ({ caller, params, body }) => updateAlert(caller.identity, params.ws, params.alertId, body))
