import type { LanguageModelV4, LanguageModelV4CallOptions, LanguageModelV4StreamPart, LanguageModelV4Usage } from '@ai-sdk/provider'
import type { Language } from '../documents/language'
import { questionKeywords, questionLanguage } from '../retrieval/query'
import { parseSources, type Source } from './sources'

/**
 * The answer model when none is configured: an extractive answerer. It quotes the sentences
 * of the retrieved sources (given in its instructions, see formatSources) that best match the
 * question, each with its citation, and says plainly when none does, in the question's language.
 * It implements the AI SDK model interface, so everything above it runs as with an LLM.
 */

const MAX_QUOTES = 3
/** Share of the question's weight a sentence must cover to be quoted. */
const MIN_COVERAGE = 0.34

const words = {
  en: {
    intro: 'Here is what the documents say:',
    notFound: 'I could not find the answer to this question in the documents of this workspace.',
  },
  fr: {
    intro: 'Voici ce que disent les documents :',
    notFound: 'Je n’ai pas trouvé la réponse à cette question dans les documents de cet espace.',
  },
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
/** Words reduced to a crude stem (their first 6 letters), good enough to match "reimbursed" and "reimbursement". */
const stems = (text: string) => new Set((fold(text).match(/[\p{L}\p{N}]{2,}/gu) ?? []).map((word) => word.slice(0, 6)))

function sentences(source: Source): { source: number; text: string; order: number }[] {
  return source.text
    .split(/(?<=[.!?…])\s+(?=[\p{Lu}\d«"(])|\n+/u)
    .map((text) => text.trim())
    .filter((text) => text.length > 2)
    .map((text, order) => ({ source: source.n, text, order }))
}

function textOf(message: LanguageModelV4CallOptions['prompt'][number]): string {
  if (typeof message.content === 'string') return message.content
  return message.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ')
}

/** The extractive answer to the last question of the prompt. */
export function extractiveAnswer(prompt: LanguageModelV4CallOptions['prompt']): string {
  const instructions = prompt.filter((message) => message.role === 'system').map(textOf).join('\n')
  const question = textOf([...prompt].reverse().find((message) => message.role === 'user') ?? { role: 'user', content: [] })
  const language: Exclude<Language, 'other'> = questionLanguage(question) === 'fr' ? 'fr' : 'en'
  const all = parseSources(instructions).flatMap(sentences)
  const wanted = stems(questionKeywords(question, language))
  if (!all.length || !wanted.size) return words[language].notFound

  // Rarer words weigh more: IDF over the candidate sentences.
  const documentFrequency = new Map<string, number>()
  const sentenceStems = all.map((sentence) => stems(sentence.text))
  for (const set of sentenceStems) for (const stem of set) if (wanted.has(stem)) documentFrequency.set(stem, (documentFrequency.get(stem) ?? 0) + 1)
  const weight = (stem: string) => Math.log(1 + all.length / (documentFrequency.get(stem) ?? all.length))
  const total = [...wanted].reduce((sum, stem) => sum + weight(stem), 0)
  const scored = all
    .map((sentence, i) => ({ ...sentence, score: [...wanted].filter((stem) => sentenceStems[i].has(stem)).reduce((sum, stem) => sum + weight(stem), 0) / total }))
    .filter((sentence) => sentence.score >= MIN_COVERAGE)
    .sort((a, b) => b.score - a.score)
  if (!scored.length) return words[language].notFound
  const best = scored[0].score
  const quotes = scored
    .filter((sentence) => sentence.score >= best * 0.6)
    .slice(0, MAX_QUOTES)
    .sort((a, b) => a.source - b.source || a.order - b.order)
  return [words[language].intro, '', ...quotes.map((quote) => `> ${quote.text} [${quote.source}]`)].join('\n')
}

const countTokens = (text: string) => (text.match(/\S+/g) ?? []).length

function usageOf(prompt: LanguageModelV4CallOptions['prompt'], answer: string): LanguageModelV4Usage {
  const input = prompt.reduce((sum, message) => sum + countTokens(textOf(message)), 0)
  const output = countTokens(answer)
  return { inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: output, text: output, reasoning: 0 } }
}

export const OFFLINE_MODEL_ID = 'monitora-extractive'

/** The caller's settings a model honours: JSON output, stop sequences and the output limit (in words). */
function shaped(answer: string, options: LanguageModelV4CallOptions): { text: string; finishReason: 'stop' | 'length' } {
  let text = options.responseFormat?.type === 'json' ? JSON.stringify({ answer }) : answer
  for (const stop of options.stopSequences ?? []) {
    const at = stop ? text.indexOf(stop) : -1
    if (at >= 0) text = text.slice(0, at)
  }
  const limit = options.maxOutputTokens
  const words = text.match(/\S+\s*/g) ?? []
  if (limit === undefined || words.length <= limit) return { text, finishReason: 'stop' }
  return { text: words.slice(0, limit).join('').trimEnd(), finishReason: 'length' }
}

export function offlineModel(): LanguageModelV4 {
  return {
    specificationVersion: 'v4',
    provider: 'monitora',
    modelId: OFFLINE_MODEL_ID,
    supportedUrls: {},
    async doGenerate(options) {
      const { text: answer, finishReason } = shaped(extractiveAnswer(options.prompt), options)
      return {
        content: [{ type: 'text', text: answer }],
        finishReason: { unified: finishReason, raw: finishReason },
        usage: usageOf(options.prompt, answer),
        warnings: [],
      }
    },
    async doStream(options) {
      const { text: answer, finishReason } = shaped(extractiveAnswer(options.prompt), options)
      // A few words per delta, as a model streams tokens.
      const pieces = answer.match(/\S+\s*|\s+/g) ?? []
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] })
          controller.enqueue({ type: 'response-metadata', id: `offline-${Date.now()}`, modelId: OFFLINE_MODEL_ID, timestamp: new Date() })
          controller.enqueue({ type: 'text-start', id: 'text' })
          for (let i = 0; i < pieces.length; i += 3) {
            if (options.abortSignal?.aborted) break
            controller.enqueue({ type: 'text-delta', id: 'text', delta: pieces.slice(i, i + 3).join('') })
          }
          controller.enqueue({ type: 'text-end', id: 'text' })
          controller.enqueue({ type: 'finish', finishReason: { unified: finishReason, raw: finishReason }, usage: usageOf(options.prompt, answer) })
          controller.close()
        },
      })
      return { stream }
    },
  }
}
