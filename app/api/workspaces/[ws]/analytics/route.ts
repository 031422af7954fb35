import { workspaceAnalytics } from '@/lib/analytics'
import { analyticsContracts as contracts } from '@/lib/analytics/contracts'
import { resolveRange } from '@/lib/analytics/range'
import { handle } from '@/lib/api/route'

export const GET = handle(contracts.read, ({ caller, params, query }) => workspaceAnalytics(caller.identity, params.ws, resolveRange(query)))
