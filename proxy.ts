import { createServerClient } from '@supabase/ssr'
import { NextResponse, type NextRequest } from 'next/server'
import { hasSessionCookie } from './lib/auth/cookie'
import { config as appConfig } from './lib/config'

/**
 * Runs before every matched request: answers CORS for configured origins on the API,
 * refreshes Supabase sessions, and sends cookie-less visitors of the dashboard to sign in
 * (pages check the session itself again on the server).
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl
  const cfg = appConfig()

  // The widget routes answer CORS themselves: the sites they serve are each workspace's (lib/widget/cors.ts).
  if (pathname.startsWith('/api/widget/')) return NextResponse.next()

  // The compatible APIs (/ollama, /v1) answer CORS like the API: for the configured origins.
  if (pathname.startsWith('/api/') || pathname.startsWith('/ollama/') || pathname.startsWith('/v1/')) {
    const origin = request.headers.get('origin')
    const allowed = origin !== null && cfg.corsOrigins.includes(origin)
    const cors: Record<string, string> = allowed
      ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' }
      : {}
    if (request.method === 'OPTIONS') {
      return new NextResponse(null, {
        status: allowed ? 204 : 403,
        headers: allowed
          ? { ...cors, 'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS', 'access-control-allow-headers': 'authorization, content-type, x-monitora-conversation', 'access-control-max-age': '600' }
          : {},
      })
    }
    const response = NextResponse.next()
    for (const [name, value] of Object.entries(cors)) response.headers.set(name, value)
    return response
  }

  const response = NextResponse.next()
  if (cfg.supabase) {
    const supabase = createServerClient(cfg.supabase.url, cfg.supabase.anonKey, {
      cookies: {
        getAll: () => request.cookies.getAll(),
        setAll: (cookies) =>
          cookies.forEach(({ name, value, options }) => {
            request.cookies.set(name, value)
            response.cookies.set(name, value, options)
          }),
      },
    })
    await supabase.auth.getClaims()
  }

  if (pathname.startsWith('/workspaces') && !hasSessionCookie(request.cookies.getAll())) {
    const url = request.nextUrl.clone()
    url.pathname = '/signin'
    url.search = `?next=${encodeURIComponent(pathname + search)}`
    return NextResponse.redirect(url)
  }
  return response
}

export const config = {
  matcher: ['/api/:path*', '/ollama/:path*', '/v1/:path*', '/workspaces/:path*'],
}
