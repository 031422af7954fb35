import { ApiError } from '@/lib/api/errors'
import { handle } from '@/lib/api/route'
import { signUp } from '@/lib/auth'
import { authContracts } from '@/lib/auth/contracts'
import { limitSignUp } from '@/lib/auth/limits'
import { passwordWeakness } from '@/lib/auth/password'

export const POST = handle(authContracts.signup, async ({ body, cookies, meta }) => {
  const weakness = passwordWeakness(body.password, body.email)
  if (weakness) throw new ApiError('bad_request:auth', weakness, { reason: 'weak_password' })
  await limitSignUp(meta.ip)
  const user = await signUp(body, cookies, meta)
  if (!user) return Response.json({ confirmationRequired: true }, { status: 202 })
  return Response.json({ user }, { status: 201 })
})
