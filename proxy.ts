import { createServerClient } from '@supabase/ssr'
import { NextResponse, type NextRequest } from 'next/server'
import { apiPreflight } from './lib/api/cors'
import { hasSessionCookie } from './lib/auth/cookie'
import { config as appConfig } from './lib/config'

/**
 * Runs before the matched requests: answers the APIs' CORS preflights for the configured
 * origins, refreshes Supabase sessions, and sends cookie-less visitors of the dashboard to
 * sign in (pages check the session itself again on the server).
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl
  const cfg = appConfig()

  // Only the APIs' preflights come here (see the matcher): their other requests get their CORS
  // headers in handle(), and the widget routes answer any site themselves (lib/widget/cors.ts).
  if (pathname.startsWith('/api/') || pathname.startsWith('/ollama/') || pathname.startsWith('/v1/')) {
    return request.method === 'OPTIONS' && !pathname.startsWith('/api/widget/') ? apiPreflight(request) : NextResponse.next()
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

// On the APIs, only preflights (they carry Access-Control-Request-Method): running the proxy
// costs a request about a millisecond. Literal values: Next reads this at build time.
export const config = {
  matcher: [
    { source: '/api/:path*', has: [{ type: 'header', key: 'access-control-request-method' }] },
    { source: '/ollama/:path*', has: [{ type: 'header', key: 'access-control-request-method' }] },
    { source: '/v1/:path*', has: [{ type: 'header', key: 'access-control-request-method' }] },
    '/workspaces/:path*',
  ],
}
