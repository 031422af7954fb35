import { z } from 'zod'
import pkg from '../../package.json'
import { activityContracts } from '../activity/contracts'
import { alertContracts } from '../alerts/contracts'
import { analyticsContracts } from '../analytics/contracts'
import { artifactContracts } from '../artifacts/contracts'
import { authContracts } from '../auth/contracts'
import { chatContracts } from '../chat/contracts'
import { ollamaContracts, openaiContracts } from '../compat/contracts'
import { conversationContracts } from '../conversations/contracts'
import { documentContracts } from '../documents/contracts'
import { healthContract } from '../health'
import { notificationContracts } from '../notifications/contracts'
import { webhookContracts } from '../webhooks/contracts'
import { widgetContracts } from '../widget/contracts'
import { workspaceContracts } from '../workspaces/contracts'
import { defineContract, type Contract } from './contract'
import { errorStatus, type ErrorType } from './errors'

/** This document itself (GET /api/openapi.json), listed like every other route. */
const openApiContract = defineContract({
  method: 'GET',
  path: '/api/openapi.json',
  tag: 'System',
  summary: 'This OpenAPI 3.1 document',
  auth: 'none',
  success: { status: 200, description: 'The OpenAPI document of every route' },
})

/** Every documented route; the handlers validate with these same contracts. */
export const contracts: Contract[] = [
  healthContract,
  openApiContract,
  ...Object.values(authContracts),
  ...Object.values(workspaceContracts), ...Object.values(documentContracts),
  ...Object.values(chatContracts),
  ...Object.values(conversationContracts),
  ...Object.values(widgetContracts),
  ...Object.values(artifactContracts),
  ...Object.values(activityContracts),
  ...Object.values(notificationContracts),
  ...Object.values(alertContracts),
  ...Object.values(webhookContracts),
  ...Object.values(ollamaContracts),
  ...Object.values(openaiContracts),
  ...Object.values(analyticsContracts),
]

const errorBody = z.object({
  error: z.object({
    code: z.string().describe('`<type>:<surface>`, e.g. `not_found:workspace`'),
    message: z.string().describe('For a person'),
    details: z.unknown().optional(),
  }),
})

/** The error bodies of the Ollama- and OpenAI-compatible APIs, in those APIs' own formats. */
const ollamaErrorBody = z.object({ error: z.string().describe('For a person') })
const openaiErrorBody = z.object({
  error: z.object({
    message: z.string().describe('For a person'),
    type: z.string().describe('invalid_request_error, authentication_error, permission_error, rate_limit_error or api_error'),
    param: z.string().nullable(),
    code: z.string().describe('OpenAI’s code where it has one (invalid_api_key, model_not_found, context_length_exceeded, rate_limit_exceeded), else `<type>:<surface>`'),
  }),
})

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>
  return rest
}

function parametersOf(contract: Contract) {
  const list: object[] = []
  for (const [where, schema] of [['path', contract.params], ['query', contract.query]] as const) {
    if (!schema) continue
    const json = jsonSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] }
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      list.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property })
    }
  }
  return list
}

function operation(contract: Contract) {
  const security =
    contract.auth === 'none'
      ? []
      : contract.auth === 'session'
        ? [{ session: [] }]
        : contract.auth === 'public-key'
          ? [{ publicKey: [] }]
          : contract.auth === 'secret-key'
            ? [{ secretKey: [] }]
            : [{ session: [] }, { secretKey: [] }]
  const responses: Record<string, object> = {
    [contract.success.status]: {
      description: contract.success.description,
      ...(contract.success.schema ? { content: { [contract.success.contentType ?? 'application/json']: { schema: jsonSchema(contract.success.schema, 'output') } } } : {}),
    },
  }
  for (const code of contract.errors ?? []) {
    const status = String(errorStatus[code.split(':')[0] as ErrorType])
    const existing = responses[status] as { description: string } | undefined
    responses[status] = {
      description: existing ? `${existing.description}, \`${code}\`` : `\`${code}\``,
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${contract.errorSchema ?? 'Error'}` } } },
    }
  }
  return {
    tags: [contract.tag],
    summary: contract.summary,
    ...(contract.description ? { description: contract.description } : {}),
    operationId: `${contract.method.toLowerCase()}${contract.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^a-zA-Z0-9]+(.)/g, (_, c: string) => c.toUpperCase())}`,
    security,
    parameters: parametersOf(contract),
    ...(contract.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(contract.body, 'input') } } } } : {}),
    ...(contract.upload
      ? {
          requestBody: {
            required: true,
            description: contract.upload.description,
            content: {
              'multipart/form-data': {
                schema: { type: 'object', properties: { [contract.upload.field]: { type: 'array', items: { type: 'string', format: 'binary' } } }, required: [contract.upload.field] },
              },
            },
          },
        }
      : {}),
    responses,
  }
}

let cached: object | undefined

export function openApiDocument() {
  if (cached) return cached
  const paths: Record<string, Record<string, object>> = {}
  for (const contract of contracts) {
    paths[contract.path] ??= {}
    paths[contract.path][contract.method.toLowerCase()] = operation(contract)
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Monitora API',
      version: pkg.version,
      description:
        'Every route answers JSON. Errors have the shape `{"error": {"code", "message", "details?"}}`; a resource of another workspace answers 404. Lists take `?limit=` (1-100, default 20) and `?cursor=` and answer `{"items", "nextCursor"}`. Cookie-authenticated writes must send an `Origin` of this site.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(contracts.map((c) => c.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: jsonSchema(errorBody, 'output'), OllamaError: jsonSchema(ollamaErrorBody, 'output'), OpenAIError: jsonSchema(openaiErrorBody, 'output') },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'monitora_session', description: 'The dashboard session (built-in auth; Supabase cookies when Supabase Auth is configured).' },
        secretKey: { type: 'http', scheme: 'bearer', description: 'A workspace secret key `sk_...`: acts as an admin of that workspace only.' },
        publicKey: { type: 'http', scheme: 'bearer', description: 'A workspace public key `pk_...`: widget routes only.' },
      },
    },
  }
  return cached
}
