import { handle } from '@/lib/api/route'
import { openCall, widgetReset } from '@/lib/widget'
import { widgetContracts as contracts } from '@/lib/widget/contracts'
import { preflight, withCors } from '@/lib/widget/cors'

export const POST = withCors(handle(contracts.reset, async ({ request, caller }) => widgetReset(await openCall(request, caller))))
export const OPTIONS = preflight
