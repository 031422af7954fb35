import { handle } from '@/lib/api/route'
import { listNotifications } from '@/lib/notifications'
import { notificationContracts as contracts } from '@/lib/notifications/contracts'

export const GET = handle(contracts.list, ({ caller, query }) => listNotifications(caller.identity, query))
