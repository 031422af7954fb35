import { createMistral } from '@ai-sdk/mistral'
import { createOpenAICompatible } from '@ai-sdk/openai-compatible'
import { APICallError, generateText, NoOutputGeneratedError, RetryError, stepCountIs, streamText, tool, type LanguageModel, type TextStreamPart, type ToolSet } from 'ai'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { lastUserText, startFakeMistral, type FakeMistral } from '@/tests/support/fake-mistral'

// The scripted fake Mistral, talked to by the real @ai-sdk/mistral and @ai-sdk/openai-compatible providers.
let fake: FakeMistral
let mistral: LanguageModel
let ollama: LanguageModel

beforeAll(async () => {
  fake = await startFakeMistral()
  mistral = createMistral({ apiKey: 'test', baseURL: fake.baseURL })('mistral-small-latest')
  ollama = createOpenAICompatible({ name: 'ollama', baseURL: fake.baseURL, apiKey: 'x', includeUsage: true })('llama3.2')
})

afterAll(async () => {
  await fake.close()
})

/** Reads a streamText result to its end: the parts' types, the text deltas, and what the iteration threw. */
async function drain(result: { fullStream: AsyncIterable<TextStreamPart<ToolSet>> }) {
  const parts: string[] = []
  const deltas: string[] = []
  const errors: unknown[] = []
  let thrown: unknown
  try {
    for await (const part of result.fullStream) {
      parts.push(part.type)
      if (part.type === 'text-delta') deltas.push(part.text)
      if (part.type === 'error') errors.push(part.error)
    }
  } catch (error) {
    thrown = error
  }
  return { parts, deltas, errors, thrown }
}

const searchTool = (received: unknown[]) =>
  tool({
    description: 'Searches the documents',
    inputSchema: z.object({ query: z.string(), limit: z.number().int() }),
    execute: async (input) => {
      received.push(input)
      return { hits: input.limit }
    },
  })

describe.each([
  ['mistral', () => mistral],
  ['openai-compatible', () => ollama],
])('the fake Mistral through the real %s provider', (_name, model) => {
  it('streams a text reply as deltas in order, with the usage and the finish reason', async () => {
    fake.script({ text: 'Bonjour, voici la réponse demandée.', chunkSize: 5, usage: { prompt: 42, completion: 9 } })
    const result = streamText({ model: model(), prompt: 'Quelle est la réponse ?' })
    const { deltas, parts, thrown } = await drain(result)
    expect(thrown).toBeUndefined()
    expect(deltas).toEqual(['Bonjo', 'ur, v', 'oici ', 'la ré', 'ponse', ' dema', 'ndée.'])
    expect(parts.filter((type) => type === 'error')).toEqual([])
    expect(await result.text).toBe('Bonjour, voici la réponse demandée.')
    expect(await result.finishReason).toBe('stop')
    const usage = await result.usage
    expect([usage.inputTokens, usage.outputTokens, usage.totalTokens]).toEqual([42, 9, 51])
    const body = fake.chatRequests().at(-1)
    expect(body.stream).toBe(true)
    expect(lastUserText(body)).toBe('Quelle est la réponse ?')
  })

  it('answers the default reply once the script is empty, with counted usage', async () => {
    const result = streamText({ model: model(), system: 'Tu es utile.', prompt: 'Dis quelque chose' })
    expect(await result.text).toBe('Réponse de test.')
    const usage = await result.usage
    // 3 words of system prompt + 3 of question; 'Réponse de test.' is 16 characters, 4 deltas of 4.
    expect([usage.inputTokens, usage.outputTokens]).toEqual([6, 4])
  })

  it('answers without streaming: one chat.completion with usage', async () => {
    fake.script({ text: 'Une réponse entière.', usage: { prompt: 11, completion: 4 } })
    const result = await generateText({ model: model(), prompt: 'Réponds' })
    expect(result.text).toBe('Une réponse entière.')
    expect(result.finishReason).toBe('stop')
    expect([result.usage.inputTokens, result.usage.outputTokens]).toEqual([11, 4])
    expect(fake.chatRequests().at(-1).stream).toBeUndefined()
  })

  it('lets a function decide the reply from the request', async () => {
    const decide = (body: any) => (lastUserText(body).startsWith('Titre') ? { text: 'Congés payés' } : { text: `Écho : ${lastUserText(body)}` })
    fake.script(decide, decide)
    const [title, answer] = await Promise.all([generateText({ model: model(), prompt: 'Titre pour : congés ?' }), generateText({ model: model(), prompt: 'Combien de congés ?' })])
    expect(title.text).toBe('Congés payés')
    expect(answer.text).toBe('Écho : Combien de congés ?')
  })

  it('streams a tool call to a tool whose execute receives the arguments, then answers with its result', async () => {
    const received: unknown[] = []
    fake.script({ toolCalls: [{ name: 'search', arguments: { query: 'congés payés', limit: 3 } }] }, { text: 'Il y a 3 résultats.' })
    const result = streamText({ model: model(), prompt: 'Cherche les congés', tools: { search: searchTool(received) }, stopWhen: stepCountIs(2) })
    expect(await result.text).toBe('Il y a 3 résultats.')
    expect(received).toEqual([{ query: 'congés payés', limit: 3 }])
    const [first, second] = await result.steps
    expect(first.finishReason).toBe('tool-calls')
    expect(first.toolCalls.map((call) => [call.toolName, call.toolCallId, call.input])).toEqual([['search', expect.stringMatching(/^call\d{5}$/), { query: 'congés payés', limit: 3 }]])
    expect(first.toolResults.map((r) => r.output)).toEqual([{ hits: 3 }])
    expect(second.finishReason).toBe('stop')

    const [ask, followUp] = fake.chatRequests().slice(-2)
    expect(ask.tools.map((t: any) => t.function.name)).toEqual(['search'])
    const toolMessage = followUp.messages.find((m: any) => m.role === 'tool')
    expect(toolMessage.tool_call_id).toBe(first.toolCalls[0].toolCallId)
    expect(JSON.parse(toolMessage.content)).toEqual({ hits: 3 })
  })

  it('answers a tool call without streaming, with text alongside', async () => {
    const received: unknown[] = []
    fake.script({ text: 'Je cherche.', toolCalls: [{ name: 'search', arguments: { query: 'télétravail', limit: 1 }, id: 'Ab3dE6gH9' }] })
    const result = await generateText({ model: model(), prompt: 'Cherche', tools: { search: searchTool(received) } })
    expect(result.finishReason).toBe('tool-calls')
    expect(result.text).toBe('Je cherche.')
    expect(result.toolCalls.map((call) => [call.toolCallId, call.input])).toEqual([['Ab3dE6gH9', { query: 'télétravail', limit: 1 }]])
    expect(received).toEqual([{ query: 'télétravail', limit: 1 }])
  })

  it('surfaces a 429 as a RetryError once the retries are spent, each attempt reaching the fake', async () => {
    const before = fake.chatRequests().length
    fake.script({ status: 429, retryAfterMs: 5 }, { status: 429, retryAfterMs: 5 })
    const error = await generateText({ model: model(), prompt: 'Salut', maxRetries: 1 }).catch((e: unknown) => e)
    expect(fake.chatRequests().length - before).toBe(2)
    expect(RetryError.isInstance(error)).toBe(true)
    const retry = error as RetryError
    expect(retry.reason).toBe('maxRetriesExceeded')
    expect(retry.message).toBe('Failed after 2 attempts. Last error: AI_APICallError: Requests rate limit exceeded')
    const last = retry.lastError as APICallError
    expect([APICallError.isInstance(last), last.statusCode, last.message, last.isRetryable]).toEqual([true, 429, 'Requests rate limit exceeded', true])
    expect(last.responseHeaders?.['retry-after-ms']).toBe('5')
  })

  it('surfaces a 500 in a stream as an error part and onError, the APICallError itself without retries', async () => {
    const before = fake.chatRequests().length
    fake.script({ status: 500, message: 'Le modèle est indisponible' })
    const seen: unknown[] = []
    const result = streamText({ model: model(), prompt: 'Salut', maxRetries: 0, onError: ({ error }) => void seen.push(error) })
    const { parts, errors, thrown } = await drain(result)
    expect(fake.chatRequests().length - before).toBe(1)
    expect(thrown).toBeUndefined()
    expect(parts).toEqual(['start', 'error'])
    expect(seen).toEqual(errors)
    const error = errors[0] as APICallError
    expect([APICallError.isInstance(error), error.statusCode, error.message, error.isRetryable]).toEqual([true, 500, 'Le modèle est indisponible', true])
    await expect(result.text).rejects.toThrow(NoOutputGeneratedError)
  })

  it('makes a dropped stream reject the iteration (no error part, no onError) after the deltas sent', async () => {
    fake.script({ text: 'Bonjour tout le monde, ceci est une longue réponse.', dropAfterChars: 10 })
    const seen: unknown[] = []
    const abortedBefore = fake.aborted
    const result = streamText({ model: model(), prompt: 'Salut', onError: ({ error }) => void seen.push(error) })
    const { deltas, errors, thrown } = await drain(result)
    expect(deltas.join('')).toBe('Bonjour to')
    expect(errors).toEqual([])
    expect(seen).toEqual([])
    const error = thrown as APICallError
    expect([APICallError.isInstance(error), error.message, error.statusCode, error.isRetryable]).toEqual([true, 'Failed to process successful response', 200, true])
    expect((error.cause as Error).message).toBe('terminated')
    await expect(result.text).rejects.toBe(thrown)
    await expect(result.finishReason).rejects.toBe(thrown)
    expect(fake.aborted).toBe(abortedBefore)
  })

  it('lets an AbortSignal end a hanging stream, which the fake counts as aborted', async () => {
    fake.script({ text: 'Bonjour tout le monde, ceci est une longue réponse.', hangAfterChars: 8 })
    const abortedBefore = fake.aborted
    const aborts: unknown[] = []
    const started = Date.now()
    const result = streamText({ model: model(), prompt: 'Salut', abortSignal: AbortSignal.timeout(200), onAbort: ({ reason }) => void aborts.push(reason) })
    const { deltas, parts, thrown } = await drain(result)
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
    expect(deltas.join('')).toBe('Bonjour ')
    expect(thrown).toBeUndefined()
    expect(parts.at(-1)).toBe('abort')
    expect((aborts[0] as DOMException).name).toBe('TimeoutError')
    await expect(result.text).rejects.toMatchObject({ name: 'TimeoutError' })
    await vi.waitFor(() => expect(fake.aborted).toBe(abortedBefore + 1))
  })
})

describe('the fake Mistral', () => {
  it('streams at a fixed rate', async () => {
    fake.script({ text: 'abcdefghijklmnopqrst', chunkSize: 1, delayMs: 10 })
    const started = performance.now()
    const result = streamText({ model: mistral, prompt: 'Vite' })
    const { deltas } = await drain(result)
    expect(deltas).toEqual('abcdefghijklmnopqrst'.split(''))
    expect(performance.now() - started).toBeGreaterThanOrEqual(190)
  })

  it('ends a hanging stream when it closes', async () => {
    const own = await startFakeMistral()
    own.script({ text: 'Une réponse qui ne finit jamais.', hangAfterChars: 4 })
    const result = streamText({ model: createMistral({ apiKey: 'test', baseURL: own.baseURL })('mistral-small-latest'), prompt: 'Salut' })
    const reader = result.textStream[Symbol.asyncIterator]()
    expect((await reader.next()).value).toBe('Une ')
    await own.close()
    await expect(reader.next()).rejects.toMatchObject({ message: 'Failed to process successful response' })
    expect(own.aborted).toBe(0)
  })

  it('keeps failNext and the embeddings apart from the chat script', async () => {
    fake.failNext(1, 503)
    const before = fake.requests.length
    const error = await generateText({ model: mistral, prompt: 'Salut', maxRetries: 0 }).catch((e: unknown) => e)
    expect((error as APICallError).statusCode).toBe(503)
    expect(fake.requests.slice(before).map((r) => r.path)).toEqual(['/v1/chat/completions'])
    expect((await generateText({ model: mistral, prompt: 'Salut' })).text).toBe('Réponse de test.')
  })
})

describe('the fake Mistral without streaming', () => {
  it('drops or hangs in the middle of the JSON document', async () => {
    fake.script({ text: 'Une réponse coupée.', dropAfterChars: 30 }, { text: 'Une réponse suspendue.', hangAfterChars: 30 })
    const abortedBefore = fake.aborted
    const dropped = (await generateText({ model: mistral, prompt: 'Salut', maxRetries: 0 }).catch((e: unknown) => e)) as APICallError
    expect([APICallError.isInstance(dropped), dropped.message, dropped.isRetryable, (dropped.cause as Error).message]).toEqual([true, 'Failed to process successful response', true, 'terminated'])
    const hung = await generateText({ model: mistral, prompt: 'Salut', maxRetries: 0, abortSignal: AbortSignal.timeout(100) }).catch((e: unknown) => e)
    expect((hung as DOMException).name).toBe('TimeoutError')
    await vi.waitFor(() => expect(fake.aborted).toBe(abortedBefore + 1))
  })
})
