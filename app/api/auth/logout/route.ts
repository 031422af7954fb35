import { handle } from '@/lib/api/route'
import { signOut } from '@/lib/auth'
import { authContracts } from '@/lib/auth/contracts'

export const POST = handle(authContracts.logout, ({ cookies, meta }) => signOut(cookies, meta))
