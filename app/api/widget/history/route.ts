import { handle } from '@/lib/api/route'
import { openCall, widgetHistory } from '@/lib/widget'
import { widgetContracts as contracts } from '@/lib/widget/contracts'
import { preflight, withCors } from '@/lib/widget/cors'

export const GET = withCors(handle(contracts.history, async ({ request, caller }) => widgetHistory(await openCall(request, caller))))
export const OPTIONS = preflight
