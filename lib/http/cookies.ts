export interface CookieOptions {
  httpOnly?: boolean
  secure?: boolean
  sameSite?: 'lax' | 'strict' | 'none' | boolean
  path?: string
  maxAge?: number
  expires?: Date
  domain?: string
}

/** Cookies of one request, and those to set on its response. */
export interface CookieJar {
  get(name: string): string | undefined
  getAll(): { name: string; value: string }[]
  set(name: string, value: string, options?: CookieOptions): void
}

export function parseCookieHeader(header: string | null): { name: string; value: string }[] {
  if (!header) return []
  return header.split(';').flatMap((part) => {
    const index = part.indexOf('=')
    if (index < 1) return []
    const name = part.slice(0, index).trim()
    const raw = part.slice(index + 1).trim()
    try {
      return [{ name, value: decodeURIComponent(raw) }]
    } catch {
      return [{ name, value: raw }]
    }
  })
}

export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? '/'}`]
  if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.floor(options.maxAge)}`)
  if (options.expires) parts.push(`Expires=${options.expires.toUTCString()}`)
  if (options.domain) parts.push(`Domain=${options.domain}`)
  if (options.httpOnly) parts.push('HttpOnly')
  if (options.secure) parts.push('Secure')
  const sameSite = options.sameSite === true ? 'strict' : options.sameSite
  if (sameSite) parts.push(`SameSite=${sameSite[0].toUpperCase()}${sameSite.slice(1)}`)
  return parts.join('; ')
}

/** A jar over a Request; what is set is collected for the Response. */
export function requestCookieJar(request: Request): CookieJar & { setCookieHeaders(): string[] } {
  const current = new Map(parseCookieHeader(request.headers.get('cookie')).map((c) => [c.name, c.value]))
  const outgoing = new Map<string, string>()
  return {
    get: (name) => current.get(name),
    getAll: () => [...current].map(([name, value]) => ({ name, value })),
    set(name, value, options) {
      if (value === '' || options?.maxAge === 0) current.delete(name)
      else current.set(name, value)
      outgoing.set(name, serializeCookie(name, value, options))
    },
    setCookieHeaders: () => [...outgoing.values()],
  }
}
