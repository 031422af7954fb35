import { createMistral } from '@ai-sdk/mistral'
import { createOpenAICompatible } from '@ai-sdk/openai-compatible'
import { embedMany, type EmbeddingModel } from 'ai'
import { config } from '../config'

/** Vectors are stored as vector(1024): mistral-embed, bge-m3, mxbai-embed-large and e5-large all have 1024 dimensions. */
export const EMBEDDING_DIMENSIONS = 1024

export interface Embedder {
  id: string
  embed(values: string[], abortSignal?: AbortSignal): Promise<number[][]>
}

/** An embedder over an AI SDK model: batched by the provider's limit, retried with backoff on 429 and 5xx. */
export function embedderFor(id: string, model: EmbeddingModel): Embedder {
  return {
    id,
    async embed(values, abortSignal) {
      if (!values.length) return []
      const { embeddings } = await embedMany({ model, values, maxRetries: 5, maxParallelCalls: 2, abortSignal })
      const wrong = embeddings.find((vector) => vector.length !== EMBEDDING_DIMENSIONS)
      if (wrong) throw new Error(`The embedding model ${id} returns ${wrong.length} dimensions; Monitora stores ${EMBEDDING_DIMENSIONS}. Choose a ${EMBEDDING_DIMENSIONS}-dimension model.`)
      return embeddings
    },
  }
}

const store = globalThis as typeof globalThis & { monitoraEmbedder?: Embedder | null }

/** The configured embedding model, or null: then retrieval is lexical only. */
export function embedder(): Embedder | null {
  if (store.monitoraEmbedder !== undefined) return store.monitoraEmbedder
  const cfg = config()
  const choice = cfg.embedding
  let result: Embedder | null = null
  if (choice?.provider === 'mistral' && cfg.mistral) {
    result = embedderFor(`mistral:${choice.model}`, createMistral({ apiKey: cfg.mistral.apiKey, baseURL: cfg.mistral.baseURL }).embeddingModel(choice.model))
  } else if (choice?.provider === 'openai-compatible' && cfg.openaiCompatible) {
    const provider = createOpenAICompatible({ name: 'openai-compatible', baseURL: cfg.openaiCompatible.baseURL, apiKey: cfg.openaiCompatible.apiKey })
    result = embedderFor(`openai-compatible:${choice.model}`, provider.embeddingModel(choice.model))
  }
  store.monitoraEmbedder = result
  return result
}

/** Test and bench seam: a given embedder (or none) instead of the configured one. */
export function setEmbedder(value: Embedder | null | undefined): void {
  store.monitoraEmbedder = value
}
