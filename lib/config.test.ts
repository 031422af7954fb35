import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from './config'

/** The problems a configuration is refused for. */
function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(/^Monitora cannot start/)
    return (error as ConfigError).problems
  }
  throw new Error('expected a ConfigError')
}

describe('parseConfig', () => {
  it('defaults to the embedded set-up when nothing is configured', () => {
    const config = parseConfig({})
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      embedded: true,
      supabase: null,
      mistral: null,
      qdrant: null,
      corsOrigins: [],
      database: { kind: 'pglite', dir: path.resolve('.data', 'pgdata') },
    })
  })

  it('reads MODEL_ALIASES as alias=model pairs, and names a malformed entry', () => {
    expect(parseConfig({}).modelAliases).toEqual({})
    expect(parseConfig({ MODEL_ALIASES: 'mistral-large=mistral-large-latest, gpt-4o=monitora,llama3.1:8b=monitora' }).modelAliases).toEqual({
      'mistral-large': 'mistral-large-latest',
      'gpt-4o': 'monitora',
      'llama3.1:8b': 'monitora',
    })
    expect(problems({ MODEL_ALIASES: 'gpt-4o' })).toEqual([expect.stringMatching(/^MODEL_ALIASES\.0 each entry must be alias=model/)])
  })

  it('treats blank variables as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', SUPABASE_URL: '  ', PORT: '', CORS_ORIGINS: '' })).toMatchObject({ embedded: true, port: 3000, corsOrigins: [] })
  })

  it('puts the PGlite data under DATA_DIR', () => {
    expect(parseConfig({ DATA_DIR: '/var/lib/monitora' }).database).toEqual({ kind: 'pglite', dir: '/var/lib/monitora/pgdata' })
  })

  it('uses Postgres with DATABASE_URL, and is no longer embedded', () => {
    const config = parseConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/app' })
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgresql://u:p@db:5432/app' })
    expect(config.embedded).toBe(false)
  })

  it('refuses a DATABASE_URL that is not a Postgres URL, naming the variable', () => {
    const [problem, ...rest] = problems({ DATABASE_URL: 'mysql://u:p@db/app' })
    expect(rest).toEqual([])
    expect(problem).toMatch(/^DATABASE_URL /)
    expect(problem).toContain('postgres://')
    expect(problem).toContain('mysql://u:p@db/app')
  })

  it('explains what SUPABASE_URL needs with it', () => {
    const found = problems({ SUPABASE_URL: 'https://abcd.supabase.co' })
    expect(found).toHaveLength(2)
    expect(found.find((p) => p.startsWith('SUPABASE_ANON_KEY '))).toMatch(/required when SUPABASE_URL is set/)
    expect(found.find((p) => p.startsWith('DATABASE_URL '))).toMatch(/required when SUPABASE_URL is set/)
  })

  it('configures Supabase when complete', () => {
    const config = parseConfig({ SUPABASE_URL: 'https://abcd.supabase.co', SUPABASE_ANON_KEY: 'a'.repeat(40), DATABASE_URL: 'postgres://x@h/db' })
    expect(config.supabase).toEqual({ url: 'https://abcd.supabase.co', anonKey: 'a'.repeat(40), serviceKey: undefined })
    expect(config.embedded).toBe(false)
  })

  it('refuses a Supabase key without SUPABASE_URL, and never echoes a key', () => {
    const [problem] = problems({ SUPABASE_SERVICE_KEY: 'super-secret-service-key-value' })
    expect(problem).toMatch(/^SUPABASE_URL is required/)
    const [short] = problems({ SUPABASE_URL: 'https://abcd.supabase.co', SUPABASE_ANON_KEY: 'short-secret', DATABASE_URL: 'postgres://x@h/db' })
    expect(short).toMatch(/^SUPABASE_ANON_KEY /)
    expect(short).not.toContain('short-secret')
  })

  it('refuses a SUPABASE_URL that is not http(s)', () => {
    expect(problems({ SUPABASE_URL: 'abcd.supabase.co', SUPABASE_ANON_KEY: 'a'.repeat(40), DATABASE_URL: 'postgres://x@h/db' })[0]).toMatch(/^SUPABASE_URL must be an http\(s\) URL/)
  })

  it.each([
    ['0', /between 1 and 65535/],
    ['65536', /between 1 and 65535/],
    ['70000', /between 1 and 65535/],
    ['-1', /between 1 and 65535/],
    ['3.5', /whole number/],
    ['http', /port number/],
  ])('refuses PORT=%s', (port, message) => {
    const [problem] = problems({ PORT: port })
    expect(problem).toMatch(/^PORT /)
    expect(problem).toMatch(message)
  })

  it('accepts PORT within range', () => {
    expect(parseConfig({ PORT: '1' }).port).toBe(1)
    expect(parseConfig({ PORT: '65535' }).port).toBe(65535)
  })

  it('parses CORS_ORIGINS as a list of origins and refuses paths', () => {
    expect(parseConfig({ CORS_ORIGINS: 'https://a.example.com, http://localhost:5173' }).corsOrigins).toEqual(['https://a.example.com', 'http://localhost:5173'])
    expect(problems({ CORS_ORIGINS: 'https://a.example.com/' })[0]).toMatch(/^CORS_ORIGINS/)
  })

  it('lists every problem at once', () => {
    expect(problems({ DATABASE_URL: 'nope', PORT: '0', NODE_ENV: 'staging' })).toHaveLength(3)
  })
})
