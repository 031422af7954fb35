/** Same-origin JSON calls to the Monitora API from client components. */

export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message)
    this.name = 'ApiRequestError'
  }
}

/**
 * Calls the API and returns the parsed JSON body (undefined for 204). A non-2xx answer
 * throws an ApiRequestError carrying the API's message for a person; a network failure
 * throws one with `fallbackMessage`.
 */
export async function callApi<T = unknown>(
  path: string,
  { method = 'GET', body, fallbackMessage }: { method?: string; body?: unknown; fallbackMessage: string },
): Promise<{ status: number; data: T }> {
  let response: Response
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiRequestError(fallbackMessage, 0, null)
  }
  const text = await response.text()
  let data: unknown
  try {
    data = text ? JSON.parse(text) : undefined
  } catch {
    data = undefined
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string } } | undefined)?.error
    throw new ApiRequestError(error?.message || fallbackMessage, response.status, error?.code ?? null)
  }
  return { status: response.status, data: data as T }
}

export const errorMessage = (error: unknown, fallback: string) => (error instanceof ApiRequestError || error instanceof Error ? error.message || fallback : fallback)

/** A path the sign-in flow may return to: same site, absolute path, no protocol-relative tricks. */
export function safeNext(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null
  if (/[\u0000-\u001f]/.test(value)) return null
  return value
}
