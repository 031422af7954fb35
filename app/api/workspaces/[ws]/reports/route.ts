import { analyticsContracts as contracts } from '@/lib/analytics/contracts'
import { listReports } from '@/lib/analytics/reports'
import { handle } from '@/lib/api/route'

export const GET = handle(contracts.reports, async ({ caller, params }) => ({ items: await listReports(caller.identity, params.ws) }))
