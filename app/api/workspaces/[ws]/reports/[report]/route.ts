import { analyticsContracts as contracts } from '@/lib/analytics/contracts'
import { downloadReport } from '@/lib/analytics/reports'
import { handle } from '@/lib/api/route'

export const GET = handle(contracts.report, ({ caller, params, query }) => downloadReport(caller.identity, params.ws, params.report, query.format))
