import { handle } from '@/lib/api/route'
import { streamResponse } from '@/lib/chat'
import { openCall, widgetAsk } from '@/lib/widget'
import { widgetContracts as contracts } from '@/lib/widget/contracts'
import { preflight, withCors } from '@/lib/widget/cors'

export const POST = withCors(
  handle(contracts.chat, async ({ request, caller, body }) => streamResponse(await widgetAsk(await openCall(request, caller), body.message.parts[0].text.trim()))),
)
export const OPTIONS = preflight
