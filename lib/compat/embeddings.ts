import { embedder } from '../ai/embeddings'
import { ApiError } from '../api/errors'
import { errorCodeOf } from '../chat/answer'
import { estimateTokens } from '../chat/prompt'
import type { Identity } from '../db'
import { keyWorkspace, resolveModel } from './models'

/**
 * Vectors from the installation's embedding model, the one that indexes the documents. The
 * workspace assistant's name embeds with it too, for clients that use one model name for all.
 */
export async function embedTexts(identity: Identity & { kind: 'key' }, model: string, texts: string[], signal: AbortSignal): Promise<{ vectors: number[][]; tokens: number }> {
  const target = resolveModel(model, await keyWorkspace(identity))
  if (target.kind === 'chat') throw new ApiError('bad_request:model', `"${model}" is a chat model: it does not make embeddings. Use the embedding model that GET /ollama/api/tags or GET /v1/models lists.`)
  const embedding = embedder()
  if (!embedding) throw new ApiError('bad_request:model', 'No embedding model is configured on this server (MISTRAL_API_KEY, or OPENAI_COMPATIBLE_EMBEDDING_MODEL).')
  try {
    const vectors = await embedding.embed(texts, signal)
    return { vectors, tokens: texts.reduce((sum, text) => sum + estimateTokens(text), 0) }
  } catch (error) {
    if (signal.aborted) throw error
    throw errorCodeOf(error) === 'rate_limited:model'
      ? new ApiError('rate_limited:model', 'The embedding model’s provider is rate limiting this server: try again in a moment.')
      : new ApiError('unavailable:model', 'The embedding model could not answer: its provider failed or could not be reached. Try again.')
  }
}
