import { handle } from '@/lib/api/route'
import { openCall, widgetFeedback } from '@/lib/widget'
import { widgetContracts as contracts } from '@/lib/widget/contracts'
import { preflight, withCors } from '@/lib/widget/cors'

export const POST = withCors(handle(contracts.feedback, async ({ request, caller, body }) => widgetFeedback(await openCall(request, caller), body)))
export const OPTIONS = preflight
