import { handle } from '@/lib/api/route'
import { identifyVisitor, openCall } from '@/lib/widget'
import { widgetContracts as contracts } from '@/lib/widget/contracts'
import { preflight, withCors } from '@/lib/widget/cors'

export const POST = withCors(handle(contracts.identify, async ({ request, caller, body }) => identifyVisitor(await openCall(request, caller), body)))
export const OPTIONS = preflight
