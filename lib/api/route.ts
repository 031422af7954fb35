import { z } from 'zod'
import type { SessionMeta } from '../auth'
import { hasSessionCookie } from '../auth/cookie'
import { ConfigError, config } from '../config'
import { DataDirLockedError } from '../db/lock'
import { requestCookieJar, type CookieJar } from '../http/cookies'
import { clientIp, isSecure, ownOrigin } from '../http/request'
import { resolveCaller, type CallerFor } from './caller'
import { withApiCors } from './cors'
import type { Contract } from './contract'
import { ApiError, fromDatabaseError } from './errors'

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined

export interface Context<C extends Contract> {
  request: Request
  params: Infer<C['params']>
  query: Infer<C['query']>
  body: Infer<C['body']>
  caller: CallerFor<C['auth']>
  cookies: CookieJar
  meta: SessionMeta
}

type Segment = { params: Promise<Record<string, string | string[] | undefined>> }

const DEFAULT_MAX_BODY = 256 * 1024
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function issuesOf(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
}

function validate<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    const issues = issuesOf(parsed.error)
    const first = issues[0]
    throw new ApiError('bad_request:api', `The ${where} is not valid: ${first.path ? `${first.path}: ` : ''}${first.message}.`, { issues })
  }
  return parsed.data
}

async function readJson(request: Request, maxBytes: number, anyContentType = false): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (declared > maxBytes) throw tooLarge(maxBytes)
  if (!request.body) return undefined
  const type = request.headers.get('content-type') ?? ''
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = request.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      throw tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  if (size === 0) return undefined
  if (!anyContentType && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError('unsupported_media_type:api', 'Send the body as JSON with "Content-Type: application/json".')
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new ApiError('bad_request:api', 'The body is not valid JSON.')
  }
}

const tooLarge = (maxBytes: number) => new ApiError('payload_too_large:api', `The body is larger than the ${Math.round(maxBytes / 1024)} KB this route accepts.`)

/** Cookie-authenticated writes must come from our own pages (or a configured CORS origin). */
function checkOrigin(request: Request, jar: CookieJar) {
  if (!unsafeMethods.has(request.method)) return
  const origin = request.headers.get('origin')
  const allowed = (value: string) => value === ownOrigin(request) || config().corsOrigins.includes(value)
  if (origin ? !allowed(origin) : !request.headers.has('authorization') && hasSessionCookie(jar.getAll())) {
    throw new ApiError('forbidden:auth', 'This request did not come from a page of this site, so it was refused (cross-site request protection).')
  }
}

/** Any error as the API error it answers (unexpected ones are logged and answer 500). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  const mapped = fromDatabaseError(error)
  if (mapped) return mapped
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(error.message)
    return new ApiError('unavailable:database', 'The service is not available: its database could not be opened.')
  }
  console.error('[api] unexpected error:', error)
  return new ApiError('internal:api', 'Something went wrong on our side. Try again; if it persists, contact the administrator.')
}

export const errorResponse = (error: unknown): Response => toApiError(error).toResponse()

/**
 * The handlers of a path no route serves, for every method: a 404 in the API's own error
 * format (a client of an API must never get the site's HTML page), naming where the routes are.
 */
export function unknownRoutes(reference: string, renderError: (error: ApiError) => Response = (error) => error.toResponse()) {
  const answer = (request: Request) =>
    withApiCors(request, renderError(new ApiError('not_found:api', `This API has no ${request.method} ${new URL(request.url).pathname}: its routes are listed in ${reference}.`)))
  return { GET: answer, POST: answer, PUT: answer, PATCH: answer, DELETE: answer }
}

export interface HandleOptions {
  /** Errors in another API's format (the Ollama- and OpenAI-compatible APIs). */
  renderError?: (error: ApiError) => Response
  /** Read the body as JSON whatever its Content-Type (Ollama's documented `curl -d` sends a form type). */
  anyContentType?: boolean
}

/**
 * A route handler that reads like a sentence: check the origin, validate params, query
 * and body (before any I/O), resolve the caller, run `fn`, shape the response (with its
 * CORS headers).
 */
export function handle<C extends Contract>(contract: C, fn: (ctx: Context<C>) => Promise<unknown>, options: HandleOptions = {}) {
  return async (request: Request, segment?: Segment): Promise<Response> => {
    const jar = requestCookieJar(request)
    let response: Response
    try {
      // The widget routes use no cookie, and check the calling site themselves (lib/widget/site.ts);
      // a secret-key-only route cannot be reached with a cookie, so a cross-site request gains nothing.
      if (contract.auth !== 'public-key' && contract.auth !== 'secret-key') checkOrigin(request, jar)
      const params = contract.params ? validate(contract.params, (await segment?.params) ?? {}, 'path') : undefined
      const query = contract.query ? validate(contract.query, Object.fromEntries(new URL(request.url).searchParams), 'query string') : undefined
      const body = contract.body ? validate(contract.body, (await readJson(request, contract.maxBodyBytes ?? DEFAULT_MAX_BODY, options.anyContentType)) ?? {}, 'body') : undefined
      const caller = await resolveCaller(contract.auth, request, jar)
      const meta: SessionMeta = { ip: clientIp(request), userAgent: request.headers.get('user-agent'), secure: isSecure(request) }
      const result = await fn({ request, params, query, body, caller, cookies: jar, meta } as unknown as Context<C>)
      response =
        result instanceof Response
          ? result
          : contract.success.status === 204 || result === undefined
            ? new Response(null, { status: 204 })
            : Response.json(result, { status: contract.success.status })
    } catch (error) {
      const apiError = toApiError(error)
      response = options.renderError ? options.renderError(apiError) : apiError.toResponse()
    }
    for (const cookie of jar.setCookieHeaders()) response.headers.append('set-cookie', cookie)
    // The widget routes answer CORS for any site themselves.
    return contract.auth === 'public-key' ? response : withApiCors(request, response)
  }
}
