import { handle } from '@/lib/api/route'
import { markRead } from '@/lib/notifications'
import { notificationContracts as contracts } from '@/lib/notifications/contracts'

export const POST = handle(contracts.read, ({ caller, params }) => markRead(caller.identity, params.id))
