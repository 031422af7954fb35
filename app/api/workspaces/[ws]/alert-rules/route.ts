import { listRules } from '@/lib/alerts'
import { alertContracts as contracts } from '@/lib/alerts/contracts'
import { handle } from '@/lib/api/route'

export const GET = handle(contracts.listRules, ({ caller, params }) => listRules(caller.identity, params.ws))
