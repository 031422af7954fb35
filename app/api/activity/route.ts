import { listActivity } from '@/lib/activity'
import { activityContracts as contracts } from '@/lib/activity/contracts'
import { handle } from '@/lib/api/route'

export const GET = handle(contracts.mine, ({ caller, query }) => listActivity(caller.identity, null, query))
