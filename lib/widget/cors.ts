import { ownOrigin } from '../http/request'

/**
 * The widget routes answer any origin's browser: whether a site may use them is decided on
 * the server for every call (lib/widget/site.ts), so a refused site reads only its refusal.
 * No cookie is involved (no credentials).
 */
export function withCors(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const response = await handler(request)
    const origin = request.headers.get('origin')
    if (origin && origin !== ownOrigin(request)) {
      response.headers.set('access-control-allow-origin', origin)
      response.headers.set('access-control-expose-headers', 'retry-after')
      response.headers.append('vary', 'Origin')
    }
    return response
  }
}

export function preflight(request: Request): Response {
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': request.headers.get('origin') ?? '*',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'authorization, content-type, x-visitor-token, x-monitora-site',
      'access-control-max-age': '600',
      vary: 'Origin',
    },
  })
}
