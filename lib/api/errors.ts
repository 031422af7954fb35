/** The error vocabulary of the API: `type:surface`, the status derived from the type. */
export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const

export type ErrorType = keyof typeof errorStatus
export type ErrorSurface =
  | 'api'
  | 'auth'
  | 'workspace'
  | 'member'
  | 'key'
  | 'database'
  | 'document'
  | 'search'
  | 'chat'
  | 'conversation'
  | 'message'
  | 'model'
  | 'context'
  | 'widget'
  | 'visitor'
  | 'artifact'
  | 'export'
  | 'activity'
  | 'notification'
  | 'alert'
  | 'webhook'
  | 'cron'
  | 'analytics'
  | 'report'
export type ErrorCode = `${ErrorType}:${ErrorSurface}`

export class ApiError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = errorStatus[code.split(':')[0] as ErrorType]
  }

  toResponse(): Response {
    const body = { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } }
    return Response.json(body, { status: this.status, headers: this.headers })
  }
}

export const notFound = (surface: ErrorSurface, what: string) => new ApiError(`not_found:${surface}`, `${what} was not found.`)

/** Postgres errors that bad input can still reach after validation, as API errors. */
export function fromDatabaseError(error: unknown): ApiError | null {
  const code = (error as { code?: string } | null)?.code
  const message = (error as Error | null)?.message ?? ''
  switch (code) {
    case 'MN001':
      return new ApiError('conflict:member', 'A workspace must keep at least one owner: make someone else owner first.')
    case 'MN002':
      return new ApiError('forbidden:member', 'Only an owner can grant, change or remove the owner role.')
    case '23505':
      return new ApiError('conflict:api', 'This already exists.')
    case '42501':
      return message.includes('row-level security')
        ? new ApiError('forbidden:api', 'You do not have permission to do this.')
        : null
    default:
      return null
  }
}
