import { handle } from '@/lib/api/route'
import { signIn } from '@/lib/auth'
import { authContracts } from '@/lib/auth/contracts'
import { limitSignIn } from '@/lib/auth/limits'

export const POST = handle(authContracts.login, async ({ body, cookies, meta }) => {
  await limitSignIn(meta.ip, body.email)
  return { user: await signIn(body, cookies, meta) }
})
