/** Helpers for widget tests: calls made as the widget page framed by a host site would make them. */
import * as workspaceRoute from '@/app/api/workspaces/[ws]/route'
import { expect } from 'vitest'
import type { Person } from './actors'
import { call, ORIGIN, outcome, streamParts } from './http'

type Handler = Parameters<typeof call>[0]

export interface WidgetCallOptions {
  key: string
  /** The host site framing the widget (the page sends it as X-Monitora-Site). */
  site?: string
  token?: string | null
  body?: unknown
  rawBody?: string
  ip?: string
  /** Replaces the headers of the widget page (Origin, Referer, X-Monitora-Site) with these. */
  headers?: Record<string, string>
}

/** A call from the widget page: our own origin, its Referer, the site it names, the visitor's token. */
export async function widgetCall(handler: Handler, method: 'GET' | 'POST', path: string, options: WidgetCallOptions) {
  const { key, site = 'https://shop.example.com', token, body, rawBody, ip } = options
  const pageHeaders = options.headers ?? { referer: `${ORIGIN}/widget/${key}`, 'x-monitora-site': site }
  const headers: Record<string, string> = { ...pageHeaders, ...(token ? { 'x-visitor-token': token } : {}), ...(rawBody ? { 'content-type': 'application/json' } : {}) }
  // The page's own calls carry this server's origin (POST only, as browsers do); given headers are sent as they are.
  const response = await call(handler, method, path, { bearer: key, headers, body, rawBody, ip, origin: options.headers ? null : ORIGIN })
  const parts = response.headers.get('content-type')?.startsWith('text/event-stream') ? streamParts(response.text) : []
  return { ...response, parts }
}

/** Sets the workspace's allowed domains and widget settings through PATCH /api/workspaces/{ws}. */
export async function configureWidget(owner: Person, ws: string, patch: { allowedDomains?: string[]; widget?: Record<string, unknown> }) {
  const response = await call(workspaceRoute.PATCH, 'PATCH', `/api/workspaces/${ws}`, { cookie: owner.cookie, params: { ws }, body: patch })
  expect(outcome(response), response.text).toBe('200')
}
