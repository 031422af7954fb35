import { describe, expect, it } from 'vitest'
import { allowedDomainsSchema, isAllowedHost, normaliseDomain } from './domains'

describe('normaliseDomain', () => {
  it.each([
    ['https://Shop.Example.com/path', 'shop.example.com'],
    ['http://shop.example.com/path?q=1#top', 'shop.example.com'],
    ['  Example.COM  ', 'example.com'],
    ['example.com.', 'example.com'],
    ['*.example.com', '*.example.com'],
    ['*.Example.com/', '*.example.com'],
    ['https://*.example.com', '*.example.com'],
    ['localhost', 'localhost'],
    ['localhost:8080', 'localhost:8080'],
    ['http://localhost:3000/widget', 'localhost:3000'],
    ['127.0.0.1', '127.0.0.1'],
    ['192.168.1.20:8443', '192.168.1.20:8443'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['https://Bücher.de/kontakt', 'xn--bcher-kva.de'],
    ['*.bücher.de', '*.xn--bcher-kva.de'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['a.b.c.example.co.uk', 'a.b.c.example.co.uk'],
    ['my-site.example', 'my-site.example'],
    // Default ports are the page's own origin without a port.
    ['http://example.com:80', 'example.com'],
    ['https://example.com:443', 'example.com'],
    ['https://example.com:8443', 'example.com:8443'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseDomain(input)).toBe(expected)
  })

  it.each([
    [''],
    ['   '],
    ['http://'],
    ['https:///path'],
    ['*'],
    ['*.com'],
    ['*.*.example.com'],
    ['shop.*.example.com'],
    ['exa*mple.com'],
    ['exa mple.com'],
    ['a..b'],
    ['.example.com'],
    ['example'],
    ['example.123'],
    ['-example.com'],
    ['example-.com'],
    ['ex_ample.com'],
    ['user@example.com'],
    ['https://user:pass@example.com'],
    ['example.com:99999'],
    ['999.1.1.1'],
    ['*.1.2.3.4'],
    ['*.localhost'],
    ['[::1]'],
    [`${'a'.repeat(64)}.com`],
    [`${'a.'.repeat(140)}com`],
  ])('%j is refused', (input) => {
    expect(normaliseDomain(input)).toBeNull()
  })
})

describe('isAllowedHost', () => {
  const allowed = ['example.com', '*.shop.example.org', 'localhost:3000', '*.example.net:8443']

  it.each([
    ['example.com', true],
    ['EXAMPLE.com', true],
    ['www.example.com', false],
    ['example.com:8080', false],
    ['evil-example.com', false],
    ['example.com.evil.com', false],
    ['a.shop.example.org', true],
    ['a.b.shop.example.org', true],
    ['shop.example.org', false],
    ['evilshop.example.org', false],
    ['a.shop.example.org:8080', false],
    ['localhost:3000', true],
    ['localhost', false],
    ['localhost:3001', false],
    ['a.example.net:8443', true],
    ['a.example.net', false],
    ['example.net:8443', false],
    ['', false],
  ])('%s → %s', (host, expected) => {
    expect(isAllowedHost(host, allowed)).toBe(expected)
  })

  it('denies everything when the list is empty', () => {
    expect(isAllowedHost('example.com', [])).toBe(false)
    expect(isAllowedHost('localhost', [])).toBe(false)
  })
})

describe('allowedDomainsSchema', () => {
  it('normalises and de-duplicates', () => {
    expect(allowedDomainsSchema.parse(['https://Example.com/a', 'example.com', 'EXAMPLE.COM.', '*.example.com'])).toEqual(['example.com', '*.example.com'])
  })

  it('names the entry it refuses', () => {
    const result = allowedDomainsSchema.safeParse(['example.com', 'a..b'])
    expect(result.success).toBe(false)
    expect(result.error!.issues[0].message).toContain('"a..b"')
  })

  it('takes at most 100 entries', () => {
    expect(allowedDomainsSchema.safeParse(Array.from({ length: 100 }, (_, i) => `s${i}.example.com`)).success).toBe(true)
    expect(allowedDomainsSchema.safeParse(Array.from({ length: 101 }, (_, i) => `s${i}.example.com`)).success).toBe(false)
  })
})
