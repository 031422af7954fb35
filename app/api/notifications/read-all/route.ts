import { handle } from '@/lib/api/route'
import { markAllRead } from '@/lib/notifications'
import { notificationContracts as contracts } from '@/lib/notifications/contracts'

export const POST = handle(contracts.readAll, ({ caller }) => markAllRead(caller.identity))
