/** The caller's address as the hosting platform reports it. */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get('x-forwarded-for')
  return forwarded?.split(',')[0].trim() || request.headers.get('x-real-ip') || 'local'
}

/** The origin this request was addressed to, as the browser saw it. */
export function ownOrigin(request: Request): string {
  const url = new URL(request.url)
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? url.host
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0].trim() ?? url.protocol.replace(':', '')
  return `${proto}://${host}`
}

export function isSecure(request: Request): boolean {
  return ownOrigin(request).startsWith('https://')
}
