import { ApiError } from '../api/errors'
import { ownOrigin } from '../http/request'
import { isAllowedHost } from '../workspaces/domains'

/**
 * Which site embeds the widget, and is it allowed? Deny by default.
 *
 * Threat model. A public key is public: anyone can read it in a page. What a browser adds is
 * that pages cannot forge `Origin` or `Referer`, nor frame a page whose `frame-ancestors`
 * refuses them. So:
 * - The widget page (/widget/{pk}) is served only when its `Referer` (the loader asks the
 *   iframe for `referrerpolicy="origin"`) is an allowed site and the browser is loading it in
 *   a frame, and its CSP `frame-ancestors` lists the same domains, so the browser itself
 *   refuses any other framing site. The page then knows its site and sends it as
 *   `X-Monitora-Site` with its calls (which carry this server's own origin).
 * - Every widget API call is checked again from `Origin`, else `Referer`: from another
 *   origin, that origin must be allowed; from our own origin (the widget page), the site it
 *   names must be. `Origin` and `Referer` that disagree are refused.
 * - A program outside a browser can send any header: nothing here stops it from using an
 *   allowed site's name, which is why every widget route is also rate-limited per network
 *   address and per visitor, and why a visitor only ever reads its own conversation.
 */

const forbidden = (message: string) => new ApiError('forbidden:widget', message)

function originOf(value: string | null): string | null {
  if (!value || value === 'null') return null
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null
  } catch {
    return null
  }
}

function requireAllowed(site: string | null, allowedDomains: readonly string[]): string {
  if (!site) throw forbidden('The widget can only be used from a web page of an allowed site, and this request did not say which site it came from.')
  if (!isAllowedHost(new URL(site).host, allowedDomains)) {
    throw forbidden(`${new URL(site).host} is not an allowed domain of this workspace: add it in the widget settings to embed the assistant there.`)
  }
  return site
}

/** The allowed site a widget API call comes from (its origin), or 403 forbidden:widget. */
export function siteOfCall(request: Request, allowedDomains: readonly string[]): string {
  const origin = originOf(request.headers.get('origin'))
  const referer = originOf(request.headers.get('referer'))
  if (request.headers.get('origin') && request.headers.get('referer') && origin !== referer) {
    throw forbidden('The Origin and Referer of this request disagree, so it was refused.')
  }
  const caller = origin ?? referer
  if (caller !== null && caller === ownOrigin(request)) return requireAllowed(originOf(request.headers.get('x-monitora-site')), allowedDomains)
  return requireAllowed(caller, allowedDomains)
}

/** The allowed site framing the widget page, from the request for the page itself. */
export function siteOfPage(request: Request, allowedDomains: readonly string[]): string {
  const destination = request.headers.get('sec-fetch-dest')
  if (destination && destination !== 'iframe') throw forbidden('The widget opens inside the page of an allowed site, not on its own.')
  return requireAllowed(originOf(request.headers.get('referer')), allowedDomains)
}

/** The `frame-ancestors` sources of the allowed domains (host-sources: the scheme follows the page's). */
export const frameAncestors = (allowedDomains: readonly string[]) => (allowedDomains.length ? allowedDomains.join(' ') : "'none'")
