import type { z } from 'zod'
import type { ErrorCode } from './errors'

/**
 * How a route is called: `session` (dashboard cookie), `session-or-secret` (also
 * `Authorization: Bearer sk_...`), `secret-key` (only a secret key: the Ollama- and
 * OpenAI-compatible APIs), `public-key` (the widget routes: `Authorization: Bearer pk_...`), or `none`.
 */
export type AuthMode = 'none' | 'session' | 'session-or-secret' | 'secret-key' | 'public-key'

/** One route, described once: the handler validates with it and the OpenAPI document is built from it. */
export interface Contract {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  path: `/${string}`
  summary: string
  description?: string
  tag: string
  auth: AuthMode
  params?: z.ZodType<Record<string, unknown>>
  query?: z.ZodType<Record<string, unknown>>
  body?: z.ZodType
  /** A multipart upload (the handler reads it): its file field and what it documents. */
  upload?: { field: string; description: string }
  maxBodyBytes?: number
  success: { status: 200 | 201 | 202 | 204; description: string; schema?: z.ZodType; contentType?: string }
  errors?: ErrorCode[]
  /** The error body's schema in components.schemas when the route answers errors in another API's format. */
  errorSchema?: 'Error' | 'OllamaError' | 'OpenAIError'
}

export const defineContract = <C extends Contract>(contract: C): C => contract
