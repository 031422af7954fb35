// `npm run bench:compat`: the Ollama- and OpenAI-compatible chat routes against the dashboard's,
// in-process on the embedded database (PGlite on disk), answers by the real @ai-sdk/mistral
// provider talking to a scripted Mistral on loopback (tests/support/fake-mistral.ts), in the
// workspace of bench:chat part 1 (10,000 chunks, lexical retrieval).
//
// 1. Added server overhead before the first token: from the call of the route handler to the
//    arrival of the model request at the fake Mistral (auth, the conversation, retrieval, the
//    question saved), for POST /api/workspaces/{ws}/chat (cookie session), POST /ollama/api/chat
//    and POST /v1/chat/completions (secret key). Half the questions start a conversation, half
//    follow up in the one just made (the compatible APIs find it from the history sent back).
//    Target: the compatible routes' overhead no higher than the dashboard chat's.
// 2. Streaming: from the model's first token to the moment the route's response yields the
//    first NDJSON line / SSE chunk carrying text. The token is timed where it reaches the server
//    (the provider's fetch hands over the first body chunk holding text), and also where the fake
//    wrote it to its socket (loopback and the HTTP client's reading added).
//    Target: ≤ 5 ms.
// The three routes take turns within each round, so that they share the machine's load.
import os from 'node:os'
import { lastUserText, startFakeMistral } from '../tests/support/fake-mistral'

const fake = await startFakeMistral()

/** When the first text token of each streamed model response reached this process: the provider's fetch, wrapped. */
const tokenArrivals: number[] = []
const realFetch = globalThis.fetch
globalThis.fetch = async (input, init) => {
  const response = await realFetch(input, init)
  if (!(typeof init?.body === 'string' && init.body.includes('"stream":true')) || !response.body) return response
  const decoder = new TextDecoder()
  let seen = false
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (!seen && /"content":"[^"]/.test(decoder.decode(chunk, { stream: true }))) {
          seen = true
          tokenArrivals.push(performance.now())
        }
        controller.enqueue(chunk)
      },
    }),
  )
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
}
// Read once by lib/config: before anything from lib/ is imported.
process.env.MISTRAL_API_KEY = 'bench'
process.env.MISTRAL_BASE_URL = fake.baseURL

const { embeddedApp, origin } = await import('./embedded')
const { seedChunks } = await import('./chat-corpus')
const { machine, ms, ragSample, seeded, summary } = await import('./support')

const WARMUP_ROUNDS = 8
const ROUNDS = 60
const TITLE = 'Bench conversation'

const { sentences, questions } = ragSample()
const { random, pick } = seeded()
const paragraph = (count: number) => Array.from({ length: count }, () => pick(sentences)).join(' ')
fake.defaultReply = (body) => (body.stream ? { text: `${paragraph(3)} [1] ${paragraph(2)} [2]`, chunkSize: 8, delayMs: 0 } : { text: TITLE })

const load = () => `load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`
console.log(`bench:compat on ${machine()}`)

const app = await embeddedApp('bench-compat')
const ws = await app.createWorkspace('Bench compat')
const { asService, sql } = await import('../lib/db')
const { setEmbedder } = await import('../lib/ai/embeddings')
const dashboard = await import('../app/api/workspaces/[ws]/chat/route')
const ollama = await import('../app/ollama/api/chat/route')
const openai = await import('../app/v1/chat/completions/route')
const keys = await import('../app/api/workspaces/[ws]/keys/route')
setEmbedder(null)

const seedingStarted = performance.now()
await seedChunks(ws, paragraph, random)
await asService((tx) => tx.query(sql`analyze`))
console.log(`seeded 10,000 chunks in ${((performance.now() - seedingStarted) / 1000).toFixed(1)} s`)
const keyResponse = await keys.POST(
  new Request(`${origin}/api/workspaces/${ws}/keys`, { method: 'POST', headers: { 'content-type': 'application/json', origin, cookie: app.cookie }, body: JSON.stringify({ kind: 'secret', name: 'bench' }) }),
  { params: Promise.resolve({ ws }) },
)
const secret: string = (await keyResponse.json()).token

type Api = 'dashboard' | 'ollama' | 'openai'
interface Turn {
  /** The dashboard's conversation, or the compatible APIs' history. */
  conversationId?: string
  history?: { role: 'user' | 'assistant'; content: string }[]
}
interface Outcome {
  overhead: number
  /** From the token's arrival in this process; from the fake's write. */
  gap: number
  wireGap: number
  conversationId: string
  answer: string
}

/** Whether a piece of a response body carries answer text, per wire format. */
const carriesText: Record<Api, (chunk: string) => boolean> = {
  dashboard: (chunk) => chunk.includes('"type":"text-delta"'),
  ollama: (chunk) => chunk.includes('"done":false'),
  openai: (chunk) => chunk.includes('"content":'),
}

function request(api: Api, question: string, turn: Turn): { handler: (request: Request, segment: { params: Promise<Record<string, string>> }) => Promise<Response>; request: Request } {
  const messages = [...(turn.history ?? []), { role: 'user', content: question }]
  const [path, handler, body, auth] =
    api === 'dashboard'
      ? [`/api/workspaces/${ws}/chat`, dashboard.POST, { conversationId: turn.conversationId, message: { role: 'user', parts: [{ type: 'text', text: question }] } }, { cookie: app.cookie, origin }]
      : api === 'ollama'
        ? ['/ollama/api/chat', ollama.POST, { model: 'monitora', messages }, { authorization: `Bearer ${secret}` }]
        : ['/v1/chat/completions', openai.POST, { model: 'monitora', messages, stream: true }, { authorization: `Bearer ${secret}` }]
  return { handler, request: new Request(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) }) }
}

/** Answers that cited a source, per route (a question whose words match no passage gets none). */
const cited: Record<Api, number> = { dashboard: 0, ollama: 0, openai: 0 }

/** The conversation and the answer's text as the client received it, from the whole body. */
function parsed(api: Api, body: string): { conversationId: string; answer: string } {
  if (api === 'ollama') {
    const lines = body.trim().split('\n').map((line) => JSON.parse(line))
    const last = lines.at(-1)
    if (!last.done) throw new Error(`the answer did not complete: ${body.slice(-400)}`)
    if (last.citations?.length) cited.ollama++
    return { conversationId: last.conversation_id, answer: lines.map((line) => line.message.content).join('') }
  }
  const events = body
    .split('\n\n')
    .filter((event) => event.startsWith('data: ') && event !== 'data: [DONE]')
    .map((event) => JSON.parse(event.slice(6)))
  if (api === 'openai') {
    const finish = events.find((event) => event.choices?.[0]?.finish_reason)
    if (!finish) throw new Error(`the answer did not complete: ${body.slice(-400)}`)
    if (finish.citations?.length) cited.openai++
    return { conversationId: finish.conversation_id, answer: events.map((event) => event.choices?.[0]?.delta?.content ?? '').join('') }
  }
  const finish = events.find((event) => event.type === 'finish')
  if (finish?.messageMetadata?.status !== 'complete') throw new Error(`the answer did not complete: ${body.slice(-400)}`)
  if (!finish.messageMetadata.unanswered) cited.dashboard++
  return { conversationId: events.find((event) => event.type === 'data-conversation').data.id, answer: '' }
}

async function chat(api: Api, question: string, turn: Turn): Promise<Outcome> {
  const before = fake.chatRequests().length
  const { handler, request: req } = request(api, question, turn)
  const t0 = performance.now()
  const response = await handler(req, { params: Promise.resolve({ ws }) })
  if (response.status !== 200) throw new Error(`${api} answered ${response.status}: ${await response.text()}`)
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let body = ''
  let firstText: number | null = null
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    const chunk = decoder.decode(value, { stream: true })
    if (firstText === null && carriesText[api](chunk)) firstText = performance.now()
    body += chunk
  }
  const index = fake.chatRequests().findIndex((body, i) => i >= before && body.stream && lastUserText(body) === question)
  if (index < 0 || firstText === null) throw new Error(`${api}: the model request or the first text is missing`)
  const { conversationId, answer } = parsed(api, body)
  const outcome = { overhead: fake.chatArrivals()[index] - t0, gap: firstText - tokenArrivals.at(-1)!, wireGap: firstText - fake.firstDeltaTimes().at(-1)!, conversationId, answer }
  if (!turn.conversationId && !turn.history) {
    // A new conversation's title is written by a second model request after the answer: let it end before the next measurement.
    for (let i = 0; i < 200; i++) {
      const [row] = await asService((tx) => tx.query<{ title: string }>(sql`select title from conversations where id = ${conversationId}`))
      if (row.title === TITLE) break
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
  return outcome
}

const apis: Api[] = ['dashboard', 'ollama', 'openai']
const samples: Record<Api, { fresh: number[]; followUp: number[]; gap: number[]; wireGap: number[] }> = {
  dashboard: { fresh: [], followUp: [], gap: [], wireGap: [] },
  ollama: { fresh: [], followUp: [], gap: [], wireGap: [] },
  openai: { fresh: [], followUp: [], gap: [], wireGap: [] },
}
const loadBefore = load()
let cpuStart = process.cpuUsage()
let wallStart = performance.now()
for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
  if (round === WARMUP_ROUNDS) {
    cpuStart = process.cpuUsage()
    wallStart = performance.now()
  }
  // Each route in turn, starting with a different one every round.
  for (let k = 0; k < apis.length; k++) {
    const api = apis[(round + k) % apis.length]
    const first = questions[(round * 6 + k * 2) % questions.length]
    const second = questions[(round * 6 + k * 2 + 1) % questions.length]
    const fresh = await chat(api, first, {})
    const followUp = await chat(api, second, api === 'dashboard' ? { conversationId: fresh.conversationId } : { history: [{ role: 'user', content: first }, { role: 'assistant', content: fresh.answer }] })
    if (api !== 'dashboard' && followUp.conversationId !== fresh.conversationId) throw new Error(`${api}: the follow-up did not continue its conversation`)
    if (round >= WARMUP_ROUNDS) {
      samples[api].fresh.push(fresh.overhead)
      samples[api].followUp.push(followUp.overhead)
      samples[api].gap.push(fresh.gap, followUp.gap)
      samples[api].wireGap.push(fresh.wireGap, followUp.wireGap)
    }
  }
}
const wall = (performance.now() - wallStart) / 1000
const cpu = process.cpuUsage(cpuStart)

const dashboardAll = summary([...samples.dashboard.fresh, ...samples.dashboard.followUp])
console.log(`1. Server overhead before the first token: route handler called → model request at the fake Mistral (${loadBefore})`)
console.log(`   (${ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up; per route ${ROUNDS} new conversations and ${ROUNDS} follow-ups; lexical retrieval over 10,000 chunks; PGlite on disk)`)
for (const api of apis) {
  const all = summary([...samples[api].fresh, ...samples[api].followUp])
  const fresh = summary(samples[api].fresh)
  const followUp = summary(samples[api].followUp)
  const verdict = api === 'dashboard' ? '(the reference)' : all.p50 <= dashboardAll.p50 && all.p95 <= dashboardAll.p95 ? 'OK: no higher than the dashboard' : `MISSED: p50 ${(all.p50 - dashboardAll.p50).toFixed(2)} ms, p95 ${(all.p95 - dashboardAll.p95).toFixed(2)} ms over the dashboard`
  console.log(`   ${api.padEnd(9)} p50 ${ms(all.p50)}  p95 ${ms(all.p95)}  max ${ms(all.max)}   new p50 ${ms(fresh.p50)}  follow-up p50 ${ms(followUp.p50)}  ${verdict}`)
}
console.log('2. Streaming: the model’s first token reached the server → the route’s response yields its first text (NDJSON line / SSE chunk); target ≤ 5 ms')
for (const api of apis) {
  const gap = summary(samples[api].gap)
  const wire = summary(samples[api].wireGap)
  console.log(`   ${api.padEnd(9)} p50 ${ms(gap.p50)}  p95 ${ms(gap.p95)}  max ${ms(gap.max)}  (n=${gap.n})  ${api === 'dashboard' ? '(the reference)' : gap.p95 <= 5 ? 'OK' : gap.p50 <= 5 ? 'p50 OK, p95 MISSED' : 'MISSED'}   from the fake's write: p50 ${ms(wire.p50)}  p95 ${ms(wire.p95)}`)
}
console.log(`   answers citing a source: ${apis.map((api) => `${api} ${cited[api]}`).join(', ')} of ${(WARMUP_ROUNDS + ROUNDS) * 2} each`)
console.log(`   process: ${wall.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU (the benchmark, the server code and the fake Mistral share this one process) — ${load()}`)
await app.close()
await fake.close()
