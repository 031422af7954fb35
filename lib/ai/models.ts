import { createMistral } from '@ai-sdk/mistral'
import { createOpenAICompatible } from '@ai-sdk/openai-compatible'
import type { LanguageModel } from 'ai'
import { z } from 'zod'
import { ApiError } from '../api/errors'
import { config } from '../config'
import { OFFLINE_MODEL_ID, offlineModel } from './offline-model'

/**
 * The one registry of answer models: the configured Mistral models, the models of an
 * OpenAI-compatible endpoint (Ollama, vLLM…) and the offline extractive model, always there.
 * Ids are `<provider>:<model>`.
 */

export const modelProviders = ['mistral', 'openai-compatible', 'offline'] as const
export type ModelProvider = (typeof modelProviders)[number]

export interface ModelInfo {
  id: string
  label: string
  provider: ModelProvider
  /** The model's name at its provider. */
  name: string
  /** What the prompt may use, in tokens: history is trimmed to fit. */
  contextTokens: number
}

export const modelSchema = z.object({
  id: z.string(),
  label: z.string(),
  provider: z.enum(modelProviders),
  default: z.boolean().describe('The model answers when none is chosen'),
})

const contextOf = (name: string) => (/large|medium|small|nemo|ministral|magistral|codestral/.test(name) ? 128_000 : 32_000)

export function listModels(): ModelInfo[] {
  const cfg = config()
  const models: ModelInfo[] = []
  for (const name of cfg.mistral?.models ?? []) models.push({ id: `mistral:${name}`, label: `Mistral · ${name}`, provider: 'mistral', name, contextTokens: contextOf(name) })
  for (const name of cfg.openaiCompatible?.models ?? []) models.push({ id: `openai-compatible:${name}`, label: name, provider: 'openai-compatible', name, contextTokens: 8_000 })
  models.push({ id: `offline:${OFFLINE_MODEL_ID}`, label: 'Monitora extractive (offline)', provider: 'offline', name: OFFLINE_MODEL_ID, contextTokens: 16_000 })
  return models
}

/** The installation's default: Mistral's MISTRAL_MODEL, else the first OpenAI-compatible model, else offline. */
export function installationDefault(): ModelInfo {
  const models = listModels()
  const mistral = config().mistral
  return models.find((model) => mistral && model.id === `mistral:${mistral.model}`) ?? models[0]
}

/** A model by its id, or by its bare name when that is unambiguous ("mistral-small-latest"). */
export function findModel(id: string): ModelInfo | null {
  const models = listModels()
  const named = models.filter((model) => model.name === id)
  return models.find((model) => model.id === id) ?? (named.length === 1 ? named[0] : null)
}

/**
 * The model that answers: the one asked for (it must exist), else the workspace's default
 * when it is still configured, else the installation's.
 */
export function chooseModel(requested: string | null | undefined, workspaceDefault: string | null): ModelInfo {
  if (requested) {
    const model = findModel(requested)
    if (!model) throw new ApiError('bad_request:model', `The model "${requested}" is not available here. GET /api/workspaces/{ws}/models lists the models you can use.`)
    return model
  }
  return (workspaceDefault && findModel(workspaceDefault)) || installationDefault()
}

const store = globalThis as typeof globalThis & { monitoraLanguageModels?: Map<string, LanguageModel> }

/** The AI SDK model behind a registry entry. */
export function languageModel(model: ModelInfo): LanguageModel {
  const cache = (store.monitoraLanguageModels ??= new Map())
  let instance = cache.get(model.id)
  if (!instance) {
    const cfg = config()
    if (model.provider === 'mistral' && cfg.mistral) {
      instance = createMistral({ apiKey: cfg.mistral.apiKey, baseURL: cfg.mistral.baseURL })(model.name)
    } else if (model.provider === 'openai-compatible' && cfg.openaiCompatible) {
      instance = createOpenAICompatible({ name: 'openai-compatible', baseURL: cfg.openaiCompatible.baseURL, apiKey: cfg.openaiCompatible.apiKey, includeUsage: true })(model.name)
    } else {
      instance = offlineModel()
    }
    cache.set(model.id, instance)
  }
  return instance
}

/** Test seam: forget the provider instances (after the configuration changed). */
export function resetLanguageModels(): void {
  store.monitoraLanguageModels = undefined
}
