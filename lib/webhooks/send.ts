import { lookup as dnsLookup } from 'node:dns/promises'
import http from 'node:http'
import https from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { isPublicAddress } from './address'

export type SendFailure = 'invalid_url' | 'refused_address' | 'redirect' | 'timeout' | 'http_error' | 'network'

export class SendError extends Error {
  constructor(
    readonly reason: SendFailure,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message)
    this.name = 'SendError'
  }
}

export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>

export interface SendOptions {
  /** Lifts the refusal of private and loopback addresses (WEBHOOK_ALLOW_PRIVATE_HOSTS, and tests). */
  allowPrivate: boolean
  timeoutMs?: number
  maxResponseBytes?: number
  /** The DNS resolver: the system's; tests give names their own addresses. */
  resolve?: Resolve
}

const systemResolve: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true })

/** Why a webhook URL cannot be used, before any request: null when it may be tried. */
export function urlProblem(value: string): string | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'must be a full URL such as https://hooks.slack.com/services/…'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must start with https:// (or http://)'
  if (url.username || url.password) return 'must not carry a user name or password'
  return null
}

/**
 * POSTs a webhook body with the checks that keep it from reaching the server's own network:
 * the host is resolved here and every address it resolves to must be public, and the
 * connection is made to that checked address (so a DNS answer that changes between a check
 * and the connection changes nothing); redirects are refused, not followed; the whole
 * exchange has a deadline and at most `maxResponseBytes` of the answer are read.
 */
export async function sendWebhook(target: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<{ status: number; response: string }> {
  const problem = urlProblem(target)
  if (problem) throw new SendError('invalid_url', `The URL ${problem}.`)
  const url = new URL(target)
  const hostname = url.hostname.replace(/^\[|\]$/g, '')
  const resolve = options.resolve ?? systemResolve
  const timeoutMs = options.timeoutMs ?? 5000
  const maxBytes = options.maxResponseBytes ?? 64 * 1024

  const checked = async (): Promise<{ address: string; family: number }[]> => {
    const addresses = isIP(hostname) ? [{ address: hostname, family: isIP(hostname) }] : await resolve(hostname).catch(() => [])
    if (!addresses.length) throw new SendError('network', `The host ${hostname} could not be resolved.`)
    const refused = addresses.find((entry) => !isPublicAddress(entry.address))
    if (refused && !options.allowPrivate) {
      throw new SendError('refused_address', `${hostname} resolves to ${refused.address}, a private or reserved address that webhooks may not reach.`)
    }
    return addresses
  }
  // IP literals never reach a lookup function, so they are checked before the request too.
  const first = await checked()
  const lookup: LookupFunction = (_host, lookupOptions, callback) => {
    const pick = (entries: { address: string; family: number }[]) =>
      lookupOptions.all ? callback(null, entries) : callback(null, entries[0].address, entries[0].family)
    if (isIP(hostname)) return pick(first)
    checked().then(pick, (error: Error) => callback(error as NodeJS.ErrnoException, ''))
  }

  return new Promise((resolvePromise, reject) => {
    const client = url.protocol === 'https:' ? https : http
    const request = client.request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup, signal: AbortSignal.timeout(timeoutMs) },
      (response) => {
        const status = response.statusCode ?? 0
        const chunks: Buffer[] = []
        let size = 0
        const finish = () => {
          const text = Buffer.concat(chunks).toString('utf8').slice(0, 1000)
          if (status >= 300 && status < 400) reject(new SendError('redirect', `The webhook answered ${status}, a redirect${response.headers.location ? ` to ${response.headers.location}` : ''}: redirects are not followed.`, status))
          else if (status < 200 || status >= 300) reject(new SendError('http_error', `The webhook answered ${status}${text ? `: ${text.slice(0, 200)}` : ''}.`, status))
          else resolvePromise({ status, response: text })
        }
        response.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size <= maxBytes) chunks.push(chunk)
          else {
            response.destroy()
            finish()
          }
        })
        response.on('end', finish)
        response.on('error', (error) => reject(failure(error, timeoutMs)))
      },
    )
    request.on('error', (error) => reject(failure(error, timeoutMs)))
    request.end(body)
  })
}

function failure(error: Error, timeoutMs: number): SendError {
  if (error instanceof SendError) return error
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return new SendError('timeout', `The webhook did not answer within ${timeoutMs / 1000} s.`)
  return new SendError('network', `The webhook could not be reached: ${error.message}.`)
}
