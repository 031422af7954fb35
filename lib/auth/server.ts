import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { cache } from 'react'
import type { CookieJar } from '../http/cookies'
import { sessionUser, type User } from '.'

/** Cookies of the page being rendered; server components cannot set them (proxy.ts refreshes sessions). */
async function pageCookieJar(): Promise<CookieJar> {
  const store = await cookies()
  return {
    get: (name) => store.get(name)?.value,
    getAll: () => store.getAll().map(({ name, value }) => ({ name, value })),
    set: () => undefined,
  }
}

/** The signed-in user of the page being rendered, once per request. */
export const currentUser = cache(async (): Promise<User | null> => sessionUser(await pageCookieJar()))

/** The signed-in user, or a redirect to the sign-in page that comes back here. */
export async function requireUser(returnTo: string): Promise<User> {
  const user = await currentUser()
  if (!user) redirect(`/signin?next=${encodeURIComponent(returnTo)}`)
  return user
}
