import { chooseModel, findModel, listModels, type ModelInfo } from '../ai/models'
import { ApiError } from '../api/errors'
import { config } from '../config'
import { asIdentity, sql, type Identity, type Queryable } from '../db'

/**
 * The model names of the Ollama- and OpenAI-compatible APIs. A secret key sees one workspace:
 * its assistant is `monitora/<workspace name as a slug>` (or `monitora`, which survives a
 * rename), grounded in its documents; the registry's models answer under their own names
 * (`mistral-small-latest`, `llama3.1:8b`, `monitora-extractive`), and the embedding model
 * under its own. Ollama's `:latest` tag is accepted on any name, a `-latest` suffix may be
 * left out, and MODEL_ALIASES adds other names.
 */

export const WORKSPACE_MODEL = 'monitora'

export interface Workspace {
  id: string
  name: string
  /** The workspace's chosen answer model (registry id), if any. */
  model: string | null
  systemPrompt: string
  temperature: number
  updatedAt: Date
}

export type Target =
  | { kind: 'workspace'; name: string; model: ModelInfo }
  | { kind: 'chat'; name: string; model: ModelInfo }
  | { kind: 'embedding'; name: string }

export function workspaceModelName(workspaceName: string): string {
  const slug = workspaceName
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '')
  return `${WORKSPACE_MODEL}/${slug || 'workspace'}`
}

/** The key's workspace: who it is answers in every model list. */
export async function keyWorkspace(identity: Identity & { kind: 'key' }): Promise<Workspace> {
  return asIdentity(identity, (tx) => readWorkspace(tx, identity.workspaceId))
}

export async function readWorkspace(tx: Queryable, workspaceId: string): Promise<Workspace> {
  const [row] = await tx.query<{ name: string; model: string | null; system_prompt: string; temperature: number; updated_at: Date }>(
    sql`select name, model, system_prompt, temperature, updated_at from workspaces where id = ${workspaceId}`,
  )
  if (!row) throw new ApiError('not_found:workspace', 'The workspace of this key was not found.')
  return { id: workspaceId, name: row.name, model: row.model, systemPrompt: row.system_prompt, temperature: Number(row.temperature), updatedAt: new Date(row.updated_at) }
}

const unknownModel = (requested: string) =>
  new ApiError('not_found:model', `The model "${requested}" does not exist here, or this key cannot use it. List the models with GET /ollama/api/tags or GET /v1/models.`)

/** The name with its aliases applied and Ollama's default tag removed. */
function canonical(requested: string): string {
  const aliases = config().modelAliases
  let name = aliases[requested] ?? requested
  if (name.endsWith(':latest')) name = name.slice(0, -':latest'.length)
  return aliases[name] ?? name
}

/** What a model name designates for this key; another workspace's assistant is unknown (404). */
export function resolveModel(requested: string, workspace: Workspace): Target {
  const name = canonical(requested.trim())
  const own = workspaceModelName(workspace.name)
  if (name === WORKSPACE_MODEL || name === own) return { kind: 'workspace', name: own, model: chooseModel(undefined, workspace.model) }
  const model = findModel(name) ?? findModel(`${name}-latest`)
  if (model) return { kind: 'chat', name: model.name, model }
  const embedding = config().embedding
  if (embedding && (name === embedding.model || `${name}-latest` === embedding.model)) return { kind: 'embedding', name: embedding.model }
  throw unknownModel(requested)
}

export interface Listed {
  name: string
  kind: Target['kind']
  /** Who runs it: monitora (the workspace assistant and the offline model), mistral, openai-compatible. */
  family: string
  /** The model behind a workspace assistant (its registry id), else the model's own. */
  parent: string
  contextTokens: number | null
}

/** Every model this key can use: its workspace's assistant first. */
export function catalog(workspace: Workspace): Listed[] {
  const assistant = chooseModel(undefined, workspace.model)
  const embedding = config().embedding
  return [
    { name: workspaceModelName(workspace.name), kind: 'workspace', family: 'monitora', parent: assistant.id, contextTokens: assistant.contextTokens },
    ...listModels().map((model): Listed => ({ name: model.name, kind: 'chat', family: model.provider === 'offline' ? 'monitora' : model.provider, parent: model.id, contextTokens: model.contextTokens })),
    ...(embedding ? [{ name: embedding.model, kind: 'embedding' as const, family: embedding.provider, parent: `${embedding.provider}:${embedding.model}`, contextTokens: null }] : []),
  ]
}
