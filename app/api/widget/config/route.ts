import { handle } from '@/lib/api/route'
import { openCall, widgetConfig } from '@/lib/widget'
import { widgetContracts as contracts } from '@/lib/widget/contracts'
import { preflight, withCors } from '@/lib/widget/cors'

export const GET = withCors(handle(contracts.config, async ({ request, caller }) => widgetConfig(await openCall(request, caller))))
export const OPTIONS = preflight
