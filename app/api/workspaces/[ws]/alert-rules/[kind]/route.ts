import { updateRule } from '@/lib/alerts'
import { alertContracts as contracts } from '@/lib/alerts/contracts'
import { handle } from '@/lib/api/route'

export const PATCH = handle(contracts.updateRule, ({ caller, params, body }) => updateRule(caller.identity, params.ws, params.kind, body))
