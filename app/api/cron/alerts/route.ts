import { alertContracts as contracts } from '@/lib/alerts/contracts'
import { authorizeCron } from '@/lib/alerts/cron'
import { runAlertCycle } from '@/lib/alerts/scheduler'
import { handle } from '@/lib/api/route'

export const maxDuration = 60

export const GET = handle(contracts.cron, async ({ request }) => {
  authorizeCron(request)
  return runAlertCycle()
})
