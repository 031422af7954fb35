import { z } from 'zod'

const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/

/**
 * An allowed embedding site as a person might type it ("https://Shop.example.com/page",
 * "*.example.com", "localhost:8080"), normalised to host[:port], or null when it is not one.
 */
export function normaliseDomain(input: string): string | null {
  let value = input.trim().toLowerCase()
  if (!value || value.length > 260) return null
  // Parse with the scheme typed (https drops :443 as http drops :80), http otherwise.
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(value)?.[1] === 'https' ? 'https' : 'http'
  value = value.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/[/?#].*$/, '').replace(/\.$/, '')
  const wildcard = value.startsWith('*.')
  if (wildcard) value = value.slice(2)
  if (value.includes('*') || value.includes('@')) return null
  let host: string
  try {
    const url = new URL(`${scheme}://${value}`)
    if (url.username || url.password) return null
    host = url.port ? `${url.hostname}:${url.port}` : url.hostname
  } catch {
    return null
  }
  const hostname = host.replace(/:\d+$/, '')
  const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname)
  const labels = hostname.split('.')
  if (!ipv4 && !labels.every((part) => label.test(part))) return null
  if (!ipv4 && hostname !== 'localhost' && (labels.length < 2 || /^\d+$/.test(labels.at(-1)!))) return null
  if (wildcard && (ipv4 || labels.length < 2)) return null
  return wildcard ? `*.${host}` : host
}

/** Does a page's host (with its port, if any) match one of the allowed entries? Deny by default. */
export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  const target = host.toLowerCase()
  return allowed.some((entry) => {
    if (!entry.startsWith('*.')) return entry === target
    const suffix = entry.slice(1) // ".example.com"
    return target.endsWith(suffix) && target.length > suffix.length
  })
}

export const allowedDomainsSchema = z
  .array(z.string().max(260))
  .max(100, 'at most 100 domains')
  .transform((values, ctx) => {
    const normalised: string[] = []
    for (const value of values) {
      const domain = normaliseDomain(value)
      if (!domain) {
        ctx.addIssue({ code: 'custom', message: `"${value}" is not a domain such as example.com, *.example.com or localhost:3000` })
        return z.NEVER
      }
      if (!normalised.includes(domain)) normalised.push(domain)
    }
    return normalised
  })
