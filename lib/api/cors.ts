import { config } from '../config'

/**
 * CORS of the API and the compatible APIs, for the origins CORS_ORIGINS names: a page there may
 * call them with the person's cookie. The widget routes answer any site themselves
 * (lib/widget/cors.ts). Responses get their headers in `handle`; preflights are answered by
 * proxy.ts, the only requests it sees on these paths.
 */

const allowedOrigin = (request: Request): string | null => {
  const origin = request.headers.get('origin')
  return origin !== null && config().corsOrigins.includes(origin) ? origin : null
}

/** The response, with the CORS headers its request's origin is allowed. */
export function withApiCors(request: Request, response: Response): Response {
  const origin = allowedOrigin(request)
  if (origin) {
    response.headers.set('access-control-allow-origin', origin)
    response.headers.set('access-control-allow-credentials', 'true')
    response.headers.append('vary', 'Origin')
  }
  return response
}

/** The answer to a preflight: 204 for an allowed origin, 403 for any other. */
export function apiPreflight(request: Request): Response {
  const origin = allowedOrigin(request)
  if (!origin) return new Response(null, { status: 403 })
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS',
      'access-control-allow-headers': 'authorization, content-type, x-monitora-conversation',
      'access-control-max-age': '600',
      vary: 'Origin',
    },
  })
}
