import { exportAnalytics } from '@/lib/analytics/exports'
import { analyticsContracts as contracts } from '@/lib/analytics/contracts'
import { resolveRange } from '@/lib/analytics/range'
import { handle } from '@/lib/api/route'

export const GET = handle(contracts.export, ({ caller, params, query }) => exportAnalytics(caller.identity, params.ws, resolveRange(query), query.table, query.format, query.lang))
