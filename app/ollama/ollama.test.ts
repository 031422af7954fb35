import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { Ollama } from 'ollama'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answerRequests, apiConversations, conversationMessages, settledChatRows, startCompat, type CompatSetup } from '@/tests/support/compat'
import { fakeEmbedding, messageText } from '@/tests/support/fake-mistral'

// The `ollama` npm package, used as its README shows with only the host and the key changed,
// against the real route handlers behind an HTTP server on loopback; answers by the real
// @ai-sdk/mistral provider talking to a scripted Mistral. Then the curl examples of Ollama's
// API documentation (docs/api.md), run with curl.
let app: CompatSetup
let ollama: Ollama
const MODEL = 'monitora/equipe-support'

beforeAll(async () => {
  app = await startCompat()
  ollama = new Ollama({ host: `${app.origin}/ollama`, headers: { Authorization: `Bearer ${app.key.token}` } })
})

afterAll(() => app.close())

describe('the ollama client', () => {
  it('lists the workspace assistant, the answer models and the embedding model, with Ollama’s fields', async () => {
    const { models } = await ollama.list()
    const names = models.map((model) => model.name)
    expect(names[0]).toBe(`${MODEL}:latest`)
    expect(names).toEqual(expect.arrayContaining(['mistral-small-latest:latest', 'mistral-large-latest:latest', 'monitora-extractive:latest', 'mistral-embed:latest']))
    expect(models[0]).toMatchObject({ model: `${MODEL}:latest`, size: 0, details: { family: 'monitora', parent_model: 'mistral:mistral-small-latest' } })
    expect(models[0].digest).toMatch(/^[0-9a-z]{64}$/)
    expect(new Date(models[0].modified_at).getTime()).toBeGreaterThan(0)
    const running = await ollama.ps()
    expect(running.models.map((model) => model.name)).toEqual(names)
    expect((await ollama.version()).version).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('shows a model: the assistant completes, the embedding model embeds, an unknown one is a 404', async () => {
    const shown = await ollama.show({ model: MODEL })
    expect(shown.capabilities).toEqual(['completion'])
    expect(shown.details.parent_model).toBe('mistral:mistral-small-latest')
    expect((await ollama.show({ model: 'mistral-embed' })).capabilities).toEqual(['embedding'])
    await expect(ollama.show({ model: 'llama9' })).rejects.toMatchObject({ status_code: 404, error: expect.stringContaining('"llama9" does not exist') })
  })

  it('chats with the workspace: a grounded answer with its citation, saved in an api conversation', async () => {
    const before = answerRequests(app.mistral).length
    const response = await ollama.chat({ model: MODEL, messages: [{ role: 'user', content: 'How many days a week can employees work remotely?' }] })
    expect(response.done).toBe(true)
    expect(response.done_reason).toBe('stop')
    expect(response.message.role).toBe('assistant')
    expect(response.message.content).toBe('Employees may work remotely up to three days a week. [1]\n\n---\n[1] policy.md')
    expect(response.eval_count).toBeGreaterThan(0)
    expect(response.prompt_eval_count).toBeGreaterThan(0)
    expect(response.total_duration).toBeGreaterThan(0)
    const extras = response as unknown as { citations: any[]; conversation_id: string }
    expect(extras.citations).toEqual([expect.objectContaining({ n: 1, documentName: 'policy.md', text: expect.stringContaining('three days a week') })])
    // The model read the sources, as the dashboard's answers do.
    const request = answerRequests(app.mistral)[before]
    expect(messageText(request.messages[0].content)).toContain('three days a week')
    const conversations = await apiConversations(app.owner, app.ws.id)
    expect(conversations.find((c) => c.id === extras.conversation_id)).toMatchObject({ channel: 'api', messageCount: 2 })
    const messages = await conversationMessages(app.owner, extras.conversation_id)
    expect(messages.map((m) => [m.role, m.status])).toEqual([['user', 'complete'], ['assistant', 'complete']])
    expect(messages[1]).toMatchObject({ unanswered: false, citations: [expect.objectContaining({ n: 1 })] })
  })

  it('streams the answer as JSON lines and continues the conversation when the history is sent back', async () => {
    const question = { role: 'user', content: 'Which day is an office day?' }
    const stream = await ollama.chat({ model: `${MODEL}:latest`, messages: [question], stream: true })
    const parts = []
    for await (const part of stream) parts.push(part)
    expect(parts.length).toBeGreaterThan(2)
    expect(parts.slice(0, -1).every((part) => !part.done && part.model === `${MODEL}:latest`)).toBe(true)
    const last = parts.at(-1)! as (typeof parts)[number] & { conversation_id: string; citations: unknown[] }
    expect(last).toMatchObject({ done: true, done_reason: 'stop', message: { content: '' } })
    expect(last.citations).toHaveLength(1)
    const answer = parts.map((part) => part.message.content).join('')
    expect(answer).toMatch(/\[1\]\n\n---\n\[1\] policy\.md$/)

    // A stateless client sends the whole conversation again with its next question.
    const followUp = await ollama.chat({ model: MODEL, messages: [question, { role: 'assistant', content: answer }, { role: 'user', content: 'And the allowance?' }] })
    expect((followUp as any).conversation_id).toBe(last.conversation_id)
    expect((followUp as any).citations).toHaveLength(1)
    const messages = await conversationMessages(app.owner, last.conversation_id)
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant'])
    // A history this server never answered starts a new conversation that records it.
    const other = await ollama.chat({ model: MODEL, messages: [{ role: 'user', content: 'Hello' }, { role: 'assistant', content: 'Hi! Ask me about the policy.' }, { role: 'user', content: 'What is the allowance?' }] })
    const otherId = (other as any).conversation_id
    expect(otherId).not.toBe(last.conversation_id)
    expect((await conversationMessages(app.owner, otherId)).map((m) => [m.role, m.text])).toEqual([
      ['user', 'Hello'],
      ['assistant', 'Hi! Ask me about the policy.'],
      ['user', 'What is the allowance?'],
      ['assistant', other.message.content.split('\n\n---')[0]],
    ])
  })

  it('passes the options to the model: temperature, num_predict, stop, seed, format json and a system message', async () => {
    const before = answerRequests(app.mistral).length
    await ollama.chat({
      model: MODEL,
      messages: [{ role: 'system', content: 'Answer in one sentence.' }, { role: 'user', content: 'What is the allowance? Respond using JSON' }],
      format: 'json',
      options: { temperature: 0.2, num_predict: 50, stop: ['\n\n'], seed: 7 },
    })
    const request = answerRequests(app.mistral)[before]
    expect(request).toMatchObject({ temperature: 0.2, max_tokens: 50, stop: ['\n\n'], random_seed: 7, response_format: { type: 'json_object' } })
    expect(messageText(request.messages[0].content)).toContain('Answer in one sentence.')
  })

  it('generates from a prompt with a system message, streamed and not', async () => {
    const whole = await ollama.generate({ model: MODEL, prompt: 'How much is the allowance?', system: 'Be brief.' })
    expect(whole.response).toMatch(/\[1\]/)
    expect(whole.done).toBe(true)
    const stream = await ollama.generate({ model: MODEL, prompt: 'How much is the allowance?', stream: true })
    let text = ''
    for await (const part of stream) text += part.response
    expect(text).toBe(whole.response)
  })

  it('answers with a model of the registry straight, without retrieval, and saves nothing', async () => {
    const rows = await settledChatRows()
    const before = answerRequests(app.mistral).length
    const response = await ollama.chat({ model: 'mistral-small', messages: [{ role: 'user', content: 'Say hello' }] })
    expect(response.message.content).toBe('You asked: Say hello')
    expect(response).not.toHaveProperty('citations')
    const request = answerRequests(app.mistral)[before]
    expect(request.model).toBe('mistral-small-latest')
    expect(JSON.stringify(request.messages)).not.toContain('<sources>')
    expect(await settledChatRows()).toEqual(rows)
  })

  it('embeds with the embedding model, one text or several, and through the former embeddings route', async () => {
    const one = await ollama.embed({ model: 'mistral-embed', input: 'remote work allowance' })
    expect(one.embeddings).toHaveLength(1)
    expect(one.embeddings[0]).toHaveLength(1024)
    expect(one.embeddings[0][0]).toBeCloseTo(fakeEmbedding('remote work allowance')[0], 6)
    const many = await ollama.embed({ model: MODEL, input: ['remote work', 'office day'] })
    expect(many.embeddings.map((vector) => vector.length)).toEqual([1024, 1024])
    const legacy = await ollama.embeddings({ model: 'mistral-embed', prompt: 'office day' })
    expect(legacy.embedding).toEqual(many.embeddings[1])
    await expect(ollama.embed({ model: 'mistral-small-latest', input: 'x' })).rejects.toMatchObject({ status_code: 400, error: expect.stringContaining('is a chat model') })
  })

  it('pulls a model it has (success, nothing to download) and refuses an unknown one with a clear error', async () => {
    expect(await ollama.pull({ model: MODEL })).toEqual({ status: 'success' })
    const statuses = []
    for await (const part of await ollama.pull({ model: 'mistral-embed', stream: true })) statuses.push(part.status)
    expect(statuses.at(-1)).toBe('success')
    await expect(ollama.pull({ model: 'llama9:70b' })).rejects.toMatchObject({ status_code: 404, error: expect.stringContaining('does not exist here') })
  })

  it('refuses a request without the key, in Ollama’s error format', async () => {
    const anonymous = new Ollama({ host: `${app.origin}/ollama` })
    await expect(anonymous.list()).rejects.toMatchObject({ status_code: 401, error: expect.stringContaining('secret key') })
  })
})

// ─── The examples of Ollama's docs/api.md, with the base URL and the key changed ───────────

const run = promisify(execFile)

async function curl(path: string, body?: string, method = body === undefined ? 'GET' : 'POST') {
  const args = ['-s', '-X', method, '-H', `Authorization: Bearer ${app.key.token}`, '-w', '\n%{http_code}', `${app.origin}/ollama${path}`]
  // As the documentation sends them: `curl -d` (a form content type), no Content-Type of JSON.
  if (body !== undefined) args.push('-d', body)
  const { stdout } = await run('curl', args)
  const cut = stdout.lastIndexOf('\n')
  const text = stdout.slice(0, cut)
  return { status: Number(stdout.slice(cut + 1)), text, lines: text.split('\n').filter(Boolean).map((line) => JSON.parse(line)) }
}

describe('the curl examples of Ollama’s API documentation', () => {
  it('generate: streaming, no streaming, structured outputs, JSON mode, reproducible, with options, raw, load and unload', async () => {
    const streamed = await curl('/api/generate', '{"model": "llama3.2", "prompt": "Why is the sky blue?"}')
    expect(streamed.status).toBe(200)
    expect(streamed.lines.at(-1)).toMatchObject({ model: 'llama3.2', done: true, response: '' })
    expect(streamed.lines.slice(0, -1).every((line) => line.done === false && typeof line.response === 'string')).toBe(true)

    const single = await curl('/api/generate', '{"model": "llama3.2", "prompt": "Why is the sky blue?", "stream": false}')
    expect(single.lines).toHaveLength(1)
    expect(single.lines[0]).toMatchObject({ model: 'llama3.2', done: true, done_reason: 'stop', response: expect.any(String) })
    expect(single.lines[0].total_duration).toBeGreaterThan(0)

    const structured = await curl(
      '/api/generate',
      '{"model": "llama3.1:8b", "prompt": "Ollama is 22 years old and is busy saving the world. Respond using JSON", "stream": false, "format": {"type": "object", "properties": {"age": {"type": "integer"}, "available": {"type": "boolean"}}, "required": ["age", "available"]}}',
    )
    expect(structured.status).toBe(200)
    expect(answerRequests(app.mistral).at(-1).response_format).toMatchObject({ type: 'json_schema', json_schema: { schema: { required: ['age', 'available'] } } })

    const json = await curl('/api/generate', '{"model": "llama3.2", "prompt": "What color is the sky at different times of the day? Respond using JSON", "format": "json", "stream": false}')
    expect(json.status).toBe(200)
    expect(answerRequests(app.mistral).at(-1).response_format).toEqual({ type: 'json_object' })

    const seeded = await curl('/api/generate', '{"model": "mistral", "prompt": "Why is the sky blue?", "options": {"seed": 123}}')
    expect(seeded.lines.at(-1)).toMatchObject({ model: 'mistral', done: true })
    expect(answerRequests(app.mistral).at(-1)).toMatchObject({ model: 'mistral-small-latest', random_seed: 123 })

    const options = await curl(
      '/api/generate',
      '{"model": "llama3.2", "prompt": "Why is the sky blue?", "stream": false, "options": {"num_keep": 5, "seed": 42, "num_predict": 100, "top_k": 20, "top_p": 0.9, "min_p": 0.0, "typical_p": 0.7, "repeat_last_n": 33, "temperature": 0.8, "repeat_penalty": 1.2, "presence_penalty": 1.5, "frequency_penalty": 1.0, "mirostat": 1, "mirostat_tau": 0.8, "mirostat_eta": 0.6, "penalize_newline": true, "stop": ["\\n", "user:"], "numa": false, "num_ctx": 1024, "num_batch": 2, "num_gpu": 1, "main_gpu": 0, "low_vram": false, "vocab_only": false, "use_mmap": true, "use_mlock": false, "num_thread": 8}}',
    )
    expect(options.status).toBe(200)
    expect(answerRequests(app.mistral).at(-1)).toMatchObject({ temperature: 0.8, top_p: 0.9, max_tokens: 100, random_seed: 42, stop: ['\n', 'user:'] })

    const raw = await curl('/api/generate', '{"model": "mistral", "prompt": "[INST] why is the sky blue? [/INST]", "raw": true, "stream": false}')
    expect(raw.lines[0]).toMatchObject({ done: true, response: 'You asked: [INST] why is the sky blue? [/INST]' })

    expect((await curl('/api/generate', '{"model": "llama3.2"}')).lines).toEqual([{ model: 'llama3.2', created_at: expect.any(String), response: '', done_reason: 'load', done: true }])
    expect((await curl('/api/generate', '{"model": "llama3.2", "keep_alive": 0}')).lines[0]).toMatchObject({ response: '', done_reason: 'unload', done: true })
  })

  it('generate: a suffix and images are refused with an Ollama error', async () => {
    const suffix = await curl('/api/generate', '{"model": "codellama:code", "prompt": "def compute_gcd(a, b):", "suffix": "    return result", "options": {"temperature": 0}, "stream": false}')
    expect(suffix.status).toBe(400)
    expect(suffix.lines).toEqual([{ error: expect.stringContaining('suffix') }])
    const images = await curl('/api/generate', '{"model": "llava", "prompt": "What is in this picture?", "stream": false, "images": ["iVBORw0KGgoAAAANSUhEUgAAAG0AAABmCAYAAADBPx+VAAAACXBIWXMAAAsTAAALEwEAmpwYAAAAAXNSR0IArs4c6QAAAARnQU1BAACxjwv8YQUAAA3VSURBVHgB7Z27r0zdG8fX743i1bi1ikMoFMQloXRpKFFIqI7LH4BEQ+NWIkjQuSWCRIEoULk0gsK1kCBI0IhrQVT7tz/7zZo888yz1r7MnDl7z5xvsjkzs2fP3uu71nNfa7lkAsm7d++Sffv2JbNmzUqcc8m0adOSzZs3Z+/XES4ZckAWJEGWPiCxjsQNLWmQsWjRIpMseaxcuTKpG/7HP27I8P79e7dq1ars/yL4/v27S0ejqwv+cUOGEGGpKHR37tzJCEpHV9tnT58+dXXCJDdECBE2Ojrqjh071hpNECjx4cMHVycM1Uhbv359B2F79+51586daxN/+pyRkRFXKyRDAqxEp4yMlDDzXG1NPnnyJKkThoK0VFd1ELZu3TrzXKxKfW7dMBQ6bcuWLW2v0VlHjx41z717927ba22U9APcw7Nnz1oGEPeL3m3p2mTAYYnFmMOMXybPPXv2bNIPpFZr1NHn4HMw0KRBjg9NuRw95s8PEcz/6DZELQd/09C9QGq5RsmSRybqkwHGjh07OsJSsYYm3ijPpyHzoiacg35MLdDSIS/O1yM778jOTwYUkKNHWUzUWaOsylE00MyI0fcnOwIdjvtNdW/HZwNLGg+sR1kMepSNJXmIwxBZiG8tDTpEZzKg0GItNsosY8USkxDhD0Rinuiko2gfL/RbiD2LZAjU9zKQJj8RDR0vJBR1/Phx9+PHj9Z7REF4nTZkxzX4LCXHrV271qXkBAPGfP/atWvu/PnzHe4C97F48eIsRLZ9+3a3f/9+87dwP1JxaF7/3r17ba+5l4EcaVo0lj3SBq5kGTJSQmLWMjgYNei2GPT1MuMqGTDEFHzeQSP2wi/jGnkmPJ/nhccs44jvDAxpVcxnq0F6eT8h4ni/iIWpR5lPyA6ETkNXoSukvpJAD3AsXLiwpZs49+fPn5ke4j10TqYvegSfn0OnafC+Tv9ooA/JPkgQysqQNBzagXY55nO/oa1F7qvIPWkRL12WRpMWUvpVDYmxAPehxWSe8ZEXL20sadYIozfmNch4QJPAfeJgW3rNsnzphBKNJM2KKODo1rVOMRYik5ETy3ix4qWNI81qAAirizgMIc+yhTytx0JWZuNI03qsrgWlGtwjoS9XwgUhWGyhUaRZZQNNIEwCiXD16tXcAHUs79co0vSD8rrJCIW98pzvxpAWyyo3HYwqS0+H0BjStClcZJT5coMm6D2LOF8TolGJtK9fvyZpyiC5ePFi9nc/oJU4eiEP0jVoAnHa9wyJycITMP78+eMeP37sXrx44d6+fdt6f82aNdkx1pg9e3Zb5W+RSRE+n+VjksQWifvVaTKFhn5O8my63K8Qabdv33b379/PiAP//vuvW7BggZszZ072/+TJk91YgkafPn166zXB1rQHFvouAWHq9z3SEevSUerqCn2/dDCeta2jxYbr69evk4MHDyY7d+7MjhMnTiTPnz9Pfv/+nfQT2ggpO2dMF8cghuoM7Ygj5iWCqRlGFml0QC/ftGmTmzt3rmsaKDsgBSPh0/8yPeLLBihLkOKJc0jp8H8vUzcxIA1k6QJ/c78tWEyj5P3o4u9+jywNPdJi5rAH9x0KHcl4Hg570eQp3+vHXGyrmEeigzQsQsjavXt38ujRo44LQuDDhw+TW7duRS1HGgMxhNXHgflaNTOsHyKvHK5Ijo2jbFjJBQK9YwFd6RVMzfgRBmEfP37suBBm/p49e1qjEP2mwTViNRo0VJWH1deMXcNK08uUjVUu7s/zRaL+oLNxz1bpANco4npUgX4G2eFbpDFyQoQxojBCpEGSytmOH8qrH5Q9vuzD6ofQylkCUmh8DBAr+q8JCyVNtWQIidKQE9wNtLSQnS4jDSsxNHogzFuQBw4cyM61UKVsjfr3ooBkPSqqQHesUPWVtzi9/vQi1T+rJj7WiTz4Pt/l3LxUkr5P2VYZaZ4URpsE+st/dujQoaBBYokbrz/8TJNQYLSonrPS9kUaSkPeZyj1AWSj+d+VBoy1pIWVNed8P0Ll/ee5HdGRhrHhR5GGN0r4LGZBaj8oFDJitBTJzIZgFcmU0Y8ytWMZMzJOaXUSrUs5RxKnrxmbb5YXO9VGUhtpXldhEUogFr3IzIsvlpmdosVcGVGXFWp2oU9kLFL3dEkSz6NHEY1sjSRdIuDFWEhd8KxFqsRi1uM/nz9/zpxnwlESONdg6dKlbsaMGS4EHFHtjFIDHwKOo46l4TxSuxgDzi+rE2jg+BaFruOX4HXa0Nnf1lwAPufZeF8/r6zD97WK2qFnGjBxTw5qNGPxT+5T/r7/7RawFC3j4vTp09koCxkeHjqbHJqArmH5UrFKKksnxrK7FuRIs8STfBZv+luugXZ2pR/pP9Ois4z+TiMzUUkUjD0iEi1fzX8GmXyuxUBRcaUfykV0YZnlJGKQpOiGB76x5GeWkWWJc3mOrK6S7xdND+W5N6XyaRgtWJFe13GkaZnKOsYqGdOVVVbGupsyA/l7emTLHi7vwTdirNEt0qxnzAvBFcnQF16xh/TMpUuXHDowhlA9vQVraQhkudRdzOnK+04ZSP3DUhVSP61YsaLtd/ks7ZgtPcXqPqEafHkdqa84X6aCeL7YWlv6edGFHb+ZFICPlljHhg0bKuk0CSvVznWsotRu433alNdFrqG45ejoaPCaUkWERpLXjzFL2Rpllp7PJU2a/v7Ab8N05/9t27Z16KUqoFGsxnI9EosS2niSYg9SpU6B4JgTrvVW1flt1sT+0ADIJU2maXzcUTraGCRaL1Wp9rUMk16PMom8QhruxzvZIegJjFU7LLCePfS8uaQdPny4jTTL0dbee5mYokQsXTIWNY46kuMbnt8Kmec+LGWtOVIl9cT1rCB0V8WqkjAsRwta93TbwNYoGKsUSChN44lgBNCoHLHzquYKrU6qZ8lolCIN0Rh6cP0Q3U6I6IXILYOQI513hJaSKAorFpuHXJNfVlpRtmYBk1Su1obZr5dnKAO+L10Hrj3WZW+E3qh6IszE37F6EB+68mGpvKm4eb9bFrlzrok7fvr0Kfv727dvWRmdVTJHw0qiiCUSZ6wCK+7XL/AcsgNyL74DQQ730sv78Su7+t/A36MdY0sW5o40ahslXr58aZ5HtZB8GH64m9EmMZ7FpYw4T6QnrZfgenrhFxaSiSGXtPnz57e9TkNZLvTjeqhr734CNtrK41L40sUQckmj1lGKQ0rC37x544r8eNXRpnVE3ZZY7zXo8NomiO0ZUCj2uHz58rbXoZ6gc0uA+F6ZeKS/jhRDUq8MKrTho9fEkihMmhxtBI1DxKFY9XLpVcSkfoi8JGnToZO5sU5aiDQIW716ddt7ZLYtMQlhECdBGXZZMWldY5BHm5xgAroWj4C0hbYkSc/jBmggIrXJWlZM6pSETsEPGqZOndr2uuuR5rF169a2HoHPdurUKZM4CO1WTPqaDaAd+GFGKdIQkxAn9RuEWcTRyN2KSUgiSgF5aWzPTeA/lN5rZubMmR2bE4SIC4nJoltgAV/dVefZm72AtctUCJU2CMJ327hxY9t7EHbkyJFseq+EJSY16RPo3Dkq1kkr7+q0bNmyDuLQcZBEPYmHVdOBiJyIlrRDq41YPWfXOxUysi5fvtyaj+2BpcnsUV/oSoEMOk2CQGlr4ckhBwaetBhjCwH0ZHtJROPJkyc7UjcYLDjmrH7ADTEBXFfOYmB0k9oYBOjJ8b4aOYSe7QkKcYhFlq3QYLQhSidNmtS2RATwy8YOM3EQJsUjKiaWZ+vZToUQgzhkHXudb/PW5YMHD9yZM2faPsMwoc7RciYJXbGuBqJ1UIGKKLv915jsvgtJxCZDubdXr165mzdvtr1Hz5LONA8jrUwKPqsmVesKa49S3Q4WxmRPUEYdTjgiUcfUwLx589ySJUva3oMkP6IYddq6HMS4o55xBJBUeRjzfa4Zdeg56QZ43LhxoyPo7Lf1kNt7oO8wWAbNwaYjIv5lhyS7kRf96dvm5Jah8vfvX3flyhX35cuX6HfzFHOToS1H4BenCaHvO8pr8iDuwoUL7tevX+b5ZdbBair0xkFIlFDlW4ZknEClsp/TzXyAKVOmmHWFVSbDNw1l1+4f90U6IY/q4V27dpnE9bJ+v87QEydjqx/UamVVPRG+mwkNTYN+9tjkwzEx+atCm/X9WvWtDtAb68Wy9LXa1UmvCDDIpPkyOQ5ZwSzJ4jMrvFcr0rSjOUh+GcT4LSg5ugkW1Io0/SCDQBojh0hPlaJdah+tkVYrnTZowP8iq1F1TgMBBauufyB33x1v+NWFYmT5KmppgHC+NkAgbmRkpD3yn9QIseXymoTQFGQmIOKTxiZIWpvAatenVqRVXf2nTrAWMsPnKrMZHz6bJq5jvce6QK8J1cQNgKxlJapMPdZSR64/UivS9NztpkVEdKcrs5alhhWP9NeqlfWopzhZScI6QxseegZRGeg5a8C3Re1Mfl1ScP36ddcUaMuv24iOJtz7sbUjTS4qBvKmstYJoUauiuD3k5qhyr7QdUHMeCgLa1Ear9NquemdXgmum4fvJ6w1lqsuDhNrg1qSpleJK7K3TF0Q2jSd94uSZ60kK1e3qyVpQK6PVWXp2/FC3mp6jBhKKOiY2h3gtUV64TWM6wDETRPLDfSakXmH3w8g9Jlug8ZtTt4kVF0kLUYYmCCtD/DrQ5YhMGbA9L3ucdjh0y8kOHW5gU/VEEmJTcL4Pz/f7mgoAbYkAAAAAElFTkSuQmCC"]}')
    expect(images.status).toBe(400)
    expect(images.lines).toEqual([{ error: expect.stringContaining('Images are not supported') }])
  })

  it('chat: streaming, no streaming, structured outputs, with history, reproducible, with tools, load and unload', async () => {
    const streamed = await curl('/api/chat', '{"model": "llama3.2", "messages": [{"role": "user", "content": "why is the sky blue?"}]}')
    expect(streamed.lines.at(-1)).toMatchObject({ model: 'llama3.2', done: true, message: { role: 'assistant', content: '' } })
    expect(streamed.lines[0]).toMatchObject({ model: 'llama3.2', done: false, message: { role: 'assistant', content: expect.any(String) } })

    const single = await curl('/api/chat', '{"model": "llama3.2", "messages": [{"role": "user", "content": "why is the sky blue?"}], "stream": false}')
    expect(single.lines).toEqual([expect.objectContaining({ done: true, done_reason: 'stop', message: { role: 'assistant', content: expect.any(String) } })])

    const structured = await curl(
      '/api/chat',
      '{"model": "llama3.1", "messages": [{"role": "user", "content": "Ollama is 22 years old and busy saving the world. Return a JSON object with the age and availability."}], "stream": false, "format": {"type": "object", "properties": {"age": {"type": "integer"}, "available": {"type": "boolean"}}, "required": ["age", "available"]}, "options": {"temperature": 0}}',
    )
    expect(structured.status).toBe(200)
    expect(answerRequests(app.mistral).at(-1)).toMatchObject({ temperature: 0, response_format: { type: 'json_schema' } })

    const history = await curl(
      '/api/chat',
      '{"model": "llama3.2", "messages": [{"role": "user", "content": "why is the sky blue?"}, {"role": "assistant", "content": "due to rayleigh scattering."}, {"role": "user", "content": "how is that different than mie scattering?"}]}',
    )
    expect(history.lines.at(-1)).toMatchObject({ done: true })
    const replayed = await conversationMessages(app.owner, history.lines.at(-1).conversation_id)
    expect(replayed.map((m) => m.text).slice(0, 3)).toEqual(['why is the sky blue?', 'due to rayleigh scattering.', 'how is that different than mie scattering?'])

    const seeded = await curl('/api/chat', '{"model": "llama3.2", "messages": [{"role": "user", "content": "Hello!"}], "options": {"seed": 101, "temperature": 0}}')
    expect(seeded.lines.at(-1)).toMatchObject({ done: true })
    expect(answerRequests(app.mistral).at(-1)).toMatchObject({ random_seed: 101, temperature: 0 })

    // Tools are the client's: the assistant answers in text and calls none.
    const tools = await curl(
      '/api/chat',
      '{"model": "llama3.2", "messages": [{"role": "user", "content": "What is the weather today in Paris?"}], "stream": false, "tools": [{"type": "function", "function": {"name": "get_current_weather", "description": "Get the current weather for a location", "parameters": {"type": "object", "properties": {"location": {"type": "string", "description": "The location to get the weather for, e.g. San Francisco, CA"}, "format": {"type": "string", "description": "The format to return the weather in, e.g. \'celsius\' or \'fahrenheit\'", "enum": ["celsius", "fahrenheit"]}}, "required": ["location", "format"]}}}]}',
    )
    expect(tools.lines[0]).toMatchObject({ done: true, message: { role: 'assistant', content: expect.any(String) } })
    expect(answerRequests(app.mistral).at(-1)).not.toHaveProperty('tools')

    expect((await curl('/api/chat', '{"model": "llama3.2", "messages": []}')).lines[0]).toMatchObject({ message: { role: 'assistant', content: '' }, done_reason: 'load', done: true })
    expect((await curl('/api/chat', '{"model": "llama3.2", "messages": [], "keep_alive": 0}')).lines[0]).toMatchObject({ done_reason: 'unload', done: true })
    const image = await curl('/api/chat', '{"model": "llava", "messages": [{"role": "user", "content": "what is in this image?", "images": ["iVBORw0KGgo="]}]}')
    expect(image.status).toBe(400)
  })

  it('tags, show, pull, embed (one and several inputs), ps and the former embeddings route', async () => {
    const tags = await curl('/api/tags')
    expect(tags.lines[0].models[0]).toMatchObject({ name: `${MODEL}:latest`, details: { format: 'api' } })
    expect((await curl('/api/show', '{"model": "llama3.2"}')).lines[0]).toMatchObject({ capabilities: ['completion'], details: { family: 'monitora' } })
    expect((await curl('/api/pull', '{"model": "llama3.2"}')).lines.map((line) => line.status)).toEqual(['pulling manifest', 'success'])
    const one = await curl('/api/embed', '{"model": "all-minilm", "input": "Why is the sky blue?"}')
    expect(one.lines[0]).toMatchObject({ model: 'all-minilm', embeddings: [expect.any(Array)], prompt_eval_count: expect.any(Number) })
    const two = await curl('/api/embed', '{"model": "all-minilm", "input": ["Why is the sky blue?", "Why is the grass green?"]}')
    expect(two.lines[0].embeddings).toHaveLength(2)
    expect(two.lines[0].embeddings[0]).toEqual(one.lines[0].embeddings[0])
    expect((await curl('/api/ps')).lines[0].models.length).toBeGreaterThan(2)
    const legacy = await curl('/api/embeddings', '{"model": "all-minilm", "prompt": "Here is an article about llamas..."}')
    expect(legacy.lines[0].embedding).toHaveLength(1024)
  })
})
