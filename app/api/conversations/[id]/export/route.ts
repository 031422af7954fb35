import { handle } from '@/lib/api/route'
import { artifactContracts as contracts } from '@/lib/artifacts/contracts'
import { exportConversation } from '@/lib/exports'
import { conversationForExport } from '@/lib/exports/conversation'

export const GET = handle(contracts.exportConversation, async ({ caller, params, query }) => exportConversation(await conversationForExport(caller.identity, params.id), query.format, query.lang))
