import { notFound } from 'next/navigation'
import { cache } from 'react'
import { ApiError } from '@/lib/api/errors'
import { requireUser } from '@/lib/auth/server'
import { getWorkspace } from '@/lib/workspaces'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const userIdentity = (user: { id: string; email: string }) => ({ kind: 'user' as const, userId: user.id, email: user.email })

/** Once per request for the layout and the page: the workspace, or the not-found page. */
const resolveWorkspace = cache(async (userId: string, email: string, ws: string) => {
  if (!uuid.test(ws)) notFound()
  try {
    return await getWorkspace({ kind: 'user', userId, email }, ws)
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound()
    throw error
  }
})

/**
 * The signed-in user (or a redirect to sign in that comes back to `returnTo`) and the
 * workspace `ws`, or Next's not-found page when it is not a UUID or not theirs.
 */
export async function loadWorkspace(ws: string, returnTo: string) {
  const user = await requireUser(returnTo)
  const workspace = await resolveWorkspace(user.id, user.email, ws)
  return { user, identity: userIdentity(user), workspace }
}
