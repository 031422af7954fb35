import { listActivity } from '@/lib/activity'
import { activityContracts as contracts } from '@/lib/activity/contracts'
import { handle } from '@/lib/api/route'

export const GET = handle(contracts.list, ({ caller, params, query }) => listActivity(caller.identity, params.ws, query))
