import path from 'node:path'
import { z } from 'zod'

/**
 * The environment, validated once. Nothing configured means the embedded default:
 * PGlite under DATA_DIR, built-in auth, the offline answer model, pgvector.
 */

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional())

const httpUrl = (example: string) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol)
      } catch {
        return false
      }
    }, `must be an http(s) URL such as ${example}`)

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a Postgres connection string such as postgres://user:password@host:5432/db')

const origins = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
  .pipe(
    z.array(
      z.string().refine((value) => {
        try {
          return new URL(value).origin === value
        } catch {
          return false
        }
      }, 'each entry must be an origin such as https://app.example.com (scheme and host, no path or trailing slash)'),
    ),
  )

/** A comma-separated list of model ids (Ollama's "llama3.1:8b" included). */
const modelList = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[\w.:/@-]{1,200}$/, 'each entry must be a model id such as mistral-small-latest or llama3.1:8b')))

/** `alias=model` pairs, comma-separated: the names the Ollama- and OpenAI-compatible APIs also accept. */
const aliasTable = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[\w.:/@-]{1,200}=[\w.:/@-]{1,200}$/, 'each entry must be alias=model, such as mistral-large=mistral-large-latest')))
  .transform((pairs) => Object.fromEntries(pairs.map((pair) => pair.split('=') as [string, string])))

const envSchema = z
  .object({
    NODE_ENV: z.preprocess(blankToUndefined, z.enum(['development', 'production', 'test']).default('development')),
    DATA_DIR: optional(z.string()),
    DATABASE_URL: optional(postgresUrl),
    SUPABASE_URL: optional(httpUrl('https://abcd.supabase.co')),
    SUPABASE_ANON_KEY: optional(z.string().min(20, 'looks too short to be a Supabase anon key')),
    SUPABASE_SERVICE_KEY: optional(z.string().min(20, 'looks too short to be a Supabase service key')),
    MISTRAL_API_KEY: optional(z.string()),
    MISTRAL_BASE_URL: optional(httpUrl('https://api.mistral.ai/v1')),
    MISTRAL_MODEL: z.preprocess(blankToUndefined, z.string().default('mistral-small-latest')),
    MISTRAL_EMBEDDING_MODEL: z.preprocess(blankToUndefined, z.string().default('mistral-embed')),
    MISTRAL_MODELS: z.preprocess(blankToUndefined, modelList.default(['mistral-large-latest', 'mistral-medium-latest', 'mistral-small-latest'])),
    OPENAI_COMPATIBLE_BASE_URL: optional(httpUrl('http://localhost:11434/v1')),
    OPENAI_COMPATIBLE_API_KEY: optional(z.string()),
    OPENAI_COMPATIBLE_EMBEDDING_MODEL: optional(z.string()),
    OPENAI_COMPATIBLE_MODELS: z.preprocess(blankToUndefined, modelList.default([])),
    MODEL_ALIASES: z.preprocess(blankToUndefined, aliasTable.default({})),
    CHAT_TIMEOUT_SECONDS: z.preprocess(
      blankToUndefined,
      z.coerce.number({ error: 'must be a number of seconds' }).int('must be a whole number').min(5, 'must be at least 5').max(900, 'must be at most 900').default(60),
    ),
    QDRANT_COLLECTION: z.preprocess(blankToUndefined, z.string().regex(/^[\w-]{1,100}$/, 'must be letters, digits, - or _').default('monitora_chunks')),
    QDRANT_URL: optional(httpUrl('http://localhost:6333')),
    QDRANT_API_KEY: optional(z.string()),
    CORS_ORIGINS: z.preprocess(blankToUndefined, origins.default([])),
    UPLOAD_MAX_MB: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a number of megabytes' }).positive('must be positive').max(2048, 'must be at most 2048').default(25)),
    WORKSPACE_STORAGE_MB: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a number of megabytes' }).positive('must be positive').default(1024)),
    VERCEL: optional(z.string()),
    CRON_SECRET: optional(z.string().min(16, 'must be at least 16 characters (for example the output of `openssl rand -hex 32`)')),
    WEBHOOK_ALLOW_PRIVATE_HOSTS: z.preprocess(blankToUndefined, z.enum(['true', 'false'], 'must be true or false').default('false')),
    ALERTS_INTERVAL_MINUTES: z.preprocess(
      blankToUndefined,
      z.coerce.number({ error: 'must be a number of minutes' }).int('must be a whole number').min(0, 'must be 0 (off) or more').max(1440, 'must be at most 1440').default(5),
    ),
    PORT: z.preprocess(
      blankToUndefined,
      z.coerce.number({ error: 'must be a port number' }).int('must be a whole number').min(1, 'must be between 1 and 65535').max(65535, 'must be between 1 and 65535').default(3000),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.SUPABASE_URL && !env.SUPABASE_ANON_KEY) {
      ctx.addIssue({ code: 'custom', path: ['SUPABASE_ANON_KEY'], message: 'is required when SUPABASE_URL is set (Supabase dashboard → Project Settings → API)' })
    }
    if (env.SUPABASE_URL && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: "is required when SUPABASE_URL is set: the project's Postgres connection string (Supabase dashboard → Connect)" })
    }
    if (env.OPENAI_COMPATIBLE_EMBEDDING_MODEL && !env.OPENAI_COMPATIBLE_BASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['OPENAI_COMPATIBLE_BASE_URL'], message: 'is required when OPENAI_COMPATIBLE_EMBEDDING_MODEL is set (for Ollama: http://localhost:11434/v1)' })
    }
    if (env.OPENAI_COMPATIBLE_MODELS.length && !env.OPENAI_COMPATIBLE_BASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['OPENAI_COMPATIBLE_BASE_URL'], message: 'is required when OPENAI_COMPATIBLE_MODELS is set (for Ollama: http://localhost:11434/v1)' })
    }
    if (env.VERCEL && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: "is required on Vercel, whose file system does not keep the embedded database: use your Supabase project's pooler connection string" })
    }
    if (!env.SUPABASE_URL && (env.SUPABASE_ANON_KEY || env.SUPABASE_SERVICE_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['SUPABASE_URL'], message: 'is required when a Supabase key is set' })
    }
  })

export type Config = ReturnType<typeof buildConfig>

function buildConfig(env: z.infer<typeof envSchema>) {
  const dataDir = path.resolve(/* turbopackIgnore: true */ env.DATA_DIR ?? '.data')
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    dataDir,
    database: env.DATABASE_URL ? ({ kind: 'postgres', url: env.DATABASE_URL } as const) : ({ kind: 'pglite', dir: path.join(dataDir, 'pgdata') } as const),
    supabase: env.SUPABASE_URL
      ? { url: env.SUPABASE_URL, anonKey: env.SUPABASE_ANON_KEY!, serviceKey: env.SUPABASE_SERVICE_KEY }
      : null,
    mistral: env.MISTRAL_API_KEY
      ? { apiKey: env.MISTRAL_API_KEY, baseURL: env.MISTRAL_BASE_URL, model: env.MISTRAL_MODEL, models: [...new Set([env.MISTRAL_MODEL, ...env.MISTRAL_MODELS])] }
      : null,
    openaiCompatible: env.OPENAI_COMPATIBLE_BASE_URL
      ? { baseURL: env.OPENAI_COMPATIBLE_BASE_URL, apiKey: env.OPENAI_COMPATIBLE_API_KEY, models: env.OPENAI_COMPATIBLE_MODELS }
      : null,
    /** Other names of models in the Ollama- and OpenAI-compatible APIs (lib/compat/models.ts). */
    modelAliases: env.MODEL_ALIASES as Record<string, string>,
    /** How long an answer may wait for the model's next token before it ends as timed out. */
    chatTimeoutMs: env.CHAT_TIMEOUT_SECONDS * 1000,
    /** The embedding model, when one is configured: Mistral first, else an OpenAI-compatible endpoint. */
    embedding: env.MISTRAL_API_KEY
      ? ({ provider: 'mistral', model: env.MISTRAL_EMBEDDING_MODEL } as const)
      : env.OPENAI_COMPATIBLE_EMBEDDING_MODEL
        ? ({ provider: 'openai-compatible', model: env.OPENAI_COMPATIBLE_EMBEDDING_MODEL } as const)
        : null,
    qdrant: env.QDRANT_URL ? { url: env.QDRANT_URL, apiKey: env.QDRANT_API_KEY, collection: env.QDRANT_COLLECTION } : null,
    corsOrigins: env.CORS_ORIGINS,
    uploadMaxBytes: Math.round(env.UPLOAD_MAX_MB * 1024 * 1024),
    /** The Bearer token the scheduled route (/api/cron/alerts) requires; null refuses every call. */
    cronSecret: env.CRON_SECRET ?? null,
    /** Webhooks may reach private and loopback addresses (a self-hosted receiver, the tests). */
    webhookAllowPrivateHosts: env.WEBHOOK_ALLOW_PRIVATE_HOSTS === 'true',
    /** How often the server process evaluates alerts itself (0: only through the cron route, as on Vercel, whose functions sleep between requests). */
    alertsIntervalMs: env.VERCEL ? 0 : env.ALERTS_INTERVAL_MINUTES * 60_000,
    workspaceStorageBytes: Math.round(env.WORKSPACE_STORAGE_MB * 1024 * 1024),
    /** True when nothing external is configured: the demo account is created on first start. */
    embedded: !env.DATABASE_URL && !env.SUPABASE_URL,
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Monitora cannot start: the configuration has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}.\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee the Configuration section of README.md.`)
    this.name = 'ConfigError'
  }
}

export function parseConfig(source: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(source)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.')
        const raw = source[name]
        const shown = raw === undefined ? '' : ` (got ${JSON.stringify(/KEY|SECRET/.test(name) ? '…' : raw)})`
        return `${name} ${issue.message}${shown}`
      }),
    )
  }
  return buildConfig(parsed.data)
}

let cached: Config | undefined

export function config(): Config {
  cached ??= parseConfig(process.env)
  return cached
}
