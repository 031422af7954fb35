import { handle } from '@/lib/api/route'
import { authContracts } from '@/lib/auth/contracts'

export const GET = handle(authContracts.me, async ({ caller }) => ({ user: caller.user }))
