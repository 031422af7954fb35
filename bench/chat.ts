// `npm run bench:chat`: the chat pipeline against a scripted Mistral (tests/support/fake-mistral.ts)
// through the real @ai-sdk/mistral provider.
//
// 1. Server overhead before the first token, in-process on the embedded database (PGlite on
//    disk): from the call of the chat route handler (POST /api/workspaces/{ws}/chat, cookie
//    session) to the arrival of the model request at the fake Mistral, which runs in this
//    process: auth, history, retrieval over 10,000 chunks, saving the question. Half the
//    questions start a conversation, half follow up in one that already has 6–10 messages.
//    Targets: p50 ≤ 25 ms, p95 ≤ 60 ms.
// 2. 100 concurrent streaming chats against the built server (`npm start` on a fresh data
//    folder, demo workspace), the fake streaming each answer at a fixed rate (~1 s).
//    Target: time to first byte p95 ≤ 500 ms; every answer complete and saved.
// `npm run bench:chat -- --part 1` (or 2) runs one part only.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { lastUserText, startFakeMistral } from '../tests/support/fake-mistral'

const fake = await startFakeMistral()
// Read once by lib/config: before anything from lib/ is imported.
process.env.MISTRAL_API_KEY = 'bench'
process.env.MISTRAL_BASE_URL = fake.baseURL

const { embeddedApp, origin } = await import('./embedded')
const { seedChunks } = await import('./chat-corpus')
const { machine, ms, ragSample, requireBuild, root, seeded, startServer, stop, summary, waitForHealth } = await import('./support')

const only = process.argv.includes('--part') ? Number(process.argv[process.argv.indexOf('--part') + 1]) : null
const runs = (part: number) => only === null || only === part

const CHUNKS = 10_000
const PER_DOCUMENT = 50
const WARMUP = 30
const SAMPLES = 200
const CONCURRENT = 100
const TITLE = 'Bench conversation'

// Realistic text: the sentences and questions of the retrieval evaluation set.
const { sentences, questions } = ragSample()
const { random, pick } = seeded()
const paragraph = (count: number) => Array.from({ length: count }, () => pick(sentences)).join(' ')

// Answers cite their sources as the prompt asks; a new conversation's title comes from a second, non-streaming request.
let answer = { text: `${paragraph(3)} [1] ${paragraph(2)} [2]`, chunkSize: 8, delayMs: 0 }
fake.defaultReply = (body) => (body.stream ? answer : { text: TITLE })

if (runs(2)) requireBuild()
// The same freshness test as scripts/start.mjs, which would otherwise rebuild before serving.
const sources = ['app', 'lib', 'components', 'public', 'proxy.ts', 'instrumentation.ts', 'next.config.ts', 'tsconfig.json', 'package-lock.json']
const newest = (target: string): number => {
  const full = path.join(root, target)
  if (!existsSync(full)) return 0
  const stat = statSync(full)
  return stat.isDirectory() ? readdirSync(full).reduce((max, name) => Math.max(max, newest(path.join(target, name))), stat.mtimeMs) : stat.mtimeMs
}
const stale = statSync(path.join(root, '.next', 'BUILD_ID')).mtimeMs < Math.max(...sources.map(newest))

const started = performance.now()
const load = () => `load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`
console.log(`bench:chat on ${machine()}`)
if (stale) console.log('note: the sources changed since the last build, so `npm start` rebuilds before part 2 (run `npm run build` first to keep that out of the run)')

type Part = { type: string; delta?: string; errorText?: string; data?: any; messageMetadata?: any }
const partsOf = (text: string): Part[] =>
  text
    .split('\n\n')
    .map((event) => event.trim())
    .filter((event) => event.startsWith('data: ') && event !== 'data: [DONE]')
    .map((event) => JSON.parse(event.slice(6)))

// ─── 1. Server overhead before the first token ──────────────────────────────────────────────

if (runs(1)) {
  const app = await embeddedApp('bench-chat')
  const ws = await app.createWorkspace('Bench chat')
  const { asService, sql } = await import('../lib/db')
  const { setEmbedder } = await import('../lib/ai/embeddings')
  const chat = await import('../app/api/workspaces/[ws]/chat/route')
  // Lexical retrieval, as on the embedded default (no embedding model; the fake would embed otherwise).
  setEmbedder(null)

  const seedingStarted = performance.now()
  await seedChunks(ws, paragraph, random, CHUNKS, PER_DOCUMENT)
  // Conversations that already have 6, 8 or 10 messages, for the follow-ups.
  const [user] = await asService((tx) => tx.query<{ id: string }>(sql`select id from users limit 1`))
  const followUps: string[] = []
  await asService(async (tx) => {
    for (let c = 0; c < (WARMUP + SAMPLES) / 2 + 1; c++) {
      const [conversation] = await tx.query<{ id: string }>(sql`
        insert into conversations (workspace_id, user_id, title, title_source) values (${ws}, ${user.id}, ${pick(questions).slice(0, 60)}, 'auto') returning id`)
      for (let turn = 0; turn < 3 + (c % 3); turn++) {
        const questionId = crypto.randomUUID()
        const question = pick(questions)
        await tx.query(sql`insert into messages (id, workspace_id, conversation_id, role, content, parts)
                           values (${questionId}, ${ws}, ${conversation.id}, 'user', ${question}, ${JSON.stringify([{ type: 'text', text: question }])}::jsonb)`)
        const reply = `${paragraph(2)} [1] ${paragraph(2)} [2]`
        await tx.query(sql`insert into messages (workspace_id, conversation_id, role, reply_to, content, parts, status, model)
                           values (${ws}, ${conversation.id}, 'assistant', ${questionId}, ${reply}, ${JSON.stringify([{ type: 'text', text: reply, state: 'done' }])}::jsonb, 'complete', 'mistral:mistral-small-latest')`)
      }
      followUps.push(conversation.id)
    }
    await tx.query(sql`analyze`)
  })
  const [counts] = await asService((tx) =>
    tx.query<{ chunks: number; messages: number }>(sql`select (select count(*)::int from chunks where workspace_id = ${ws}) as chunks, (select count(*)::int from messages) as messages`),
  )
  console.log(`seeded ${counts.chunks} chunks (${CHUNKS / PER_DOCUMENT} documents) and ${followUps.length} conversations (${counts.messages} messages) in ${((performance.now() - seedingStarted) / 1000).toFixed(1)} s`)

  /** One question through the route handler; the milliseconds from the call to the model request. */
  async function askInProcess(question: string, conversationId: string | undefined): Promise<number> {
    const before = fake.chatRequests().length
    const request = new Request(`${origin}/api/workspaces/${ws}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, cookie: app.cookie },
      body: JSON.stringify({ conversationId, message: { role: 'user', parts: [{ type: 'text', text: question }] } }),
    })
    const t0 = performance.now()
    const response = await chat.POST(request, { params: Promise.resolve({ ws }) })
    const parts = partsOf(await response.text())
    if (response.status !== 200) throw new Error(`chat answered ${response.status}: ${JSON.stringify(parts).slice(0, 300)}`)
    const finish = parts.find((part) => part.type === 'finish')
    if (finish?.messageMetadata?.status !== 'complete') throw new Error(`the answer did not complete: ${JSON.stringify(parts.filter((p) => p.type !== 'text-delta')).slice(0, 500)}`)
    if (!parts.some((part) => part.type === 'data-citation')) throw new Error('the answer has no sources: retrieval found nothing')
    const index = fake.chatRequests().findIndex((body, i) => i >= before && body.stream && lastUserText(body) === question)
    if (index < 0) throw new Error('the model request did not reach the fake Mistral')
    const overhead = fake.chatArrivals()[index] - t0
    if (!conversationId) {
      // A new conversation's title is written by a second model request after the answer:
      // let it finish so that it does not overlap the next measurement.
      const id = parts.find((part) => part.type === 'data-conversation')?.data.id
      for (let i = 0; i < 200; i++) {
        const [row] = await asService((tx) => tx.query<{ title: string }>(sql`select title from conversations where id = ${id}`))
        if (row.title === TITLE) break
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    }
    return overhead
  }

  const loadBefore1 = load()
  const fresh: number[] = []
  const followUp: number[] = []
  let next = 0
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const isNew = i % 2 === 0
    const overhead = await askInProcess(questions[i % questions.length], isNew ? undefined : followUps[next++])
    if (i >= WARMUP) (isNew ? fresh : followUp).push(overhead)
  }
  const all = summary([...fresh, ...followUp])
  const s1 = { fresh: summary(fresh), followUp: summary(followUp) }
  const ok1 = all.p50 <= 25 && all.p95 <= 60
  console.log(`1. Server overhead before the first token: route handler called → model request at the fake Mistral (${loadBefore1})`)
  console.log(`   (cookie session, history, lexical retrieval over ${counts.chunks} chunks (no embedding model, as on the embedded default), question saved; PGlite on disk)`)
  console.log(`   ${all.n} sequential chats after ${WARMUP} warm-up: p50 ${ms(all.p50)} (target ≤ 25)  p95 ${ms(all.p95)} (target ≤ 60)  p99 ${ms(all.p99)}  max ${ms(all.max)}  ${ok1 ? 'OK' : 'MISSED'}`)
  console.log(`     new conversations, ${s1.fresh.n}:                         p50 ${ms(s1.fresh.p50)}  p95 ${ms(s1.fresh.p95)}  max ${ms(s1.fresh.max)}`)
  console.log(`     follow-ups in conversations of 6–10 messages, ${s1.followUp.n}: p50 ${ms(s1.followUp.p50)}  p95 ${ms(s1.followUp.p95)}  max ${ms(s1.followUp.max)}`)
  await app.close()
}

if (!runs(2)) {
  await fake.close()
  process.exit(0)
}

// ─── 2. 100 concurrent streaming chats against the built server ─────────────────────────────

const port = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number }
    probe.close(() => resolve(port))
  })
})
const base = `http://127.0.0.1:${port}`
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'monitora-bench-chat-server-'))
const server = startServer(port, dataDir)
let log = ''
server.stdout!.on('data', (chunk) => (log += chunk))
server.stderr!.on('data', (chunk) => (log += chunk))

/** The process that serves: the deepest descendant of `npm start` (next start may fork next-server). */
function servingPid(pid: number): number {
  const children = (p: number) => {
    try {
      return execFileSync('ps', ['-o', 'pid=', '--ppid', String(p)], { encoding: 'utf8' }).trim().split(/\s+/).filter(Boolean).map(Number)
    } catch {
      return []
    }
  }
  let current = pid
  for (;;) {
    const [child] = children(current)
    if (!child) return current
    current = child
  }
}
const processName = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]
/** CPU seconds (user + system) the process has used: /proc/<pid>/stat, in clock ticks of 1/100 s. */
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024

try {
  const exited = new Promise<never>((_, reject) => server.once('exit', (code) => reject(new Error(`npm start exited (${code}) before serving`))))
  exited.catch(() => {}) // it exits when stopped, too
  await Promise.race([waitForHealth(`${base}/api/health`, 300_000), exited])
  const json = { 'content-type': 'application/json', origin: base }
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'demo@monitora.local', password: 'monitora-demo' }) })
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`)
  const cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ')
  const headers = { ...json, cookie }
  const { items: workspaces } = await (await fetch(`${base}/api/workspaces`, { headers })).json()
  const demo: string = workspaces.find((w: { name: string }) => w.name === 'Demo workspace').id
  for (let i = 0; ; i++) {
    const { items } = await (await fetch(`${base}/api/workspaces/${demo}/documents`, { headers })).json()
    if (items.length && items.every((d: { status: string }) => d.status === 'ready')) break
    if (items.some((d: { status: string }) => d.status === 'failed') || i > 600) throw new Error(`demo documents not ready: ${JSON.stringify(items)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }

  interface Outcome {
    status: number
    ttfb: number
    ttft: number | null
    end: number
    complete: boolean
    /** The server's own time to first token (finish metadata), from its handler's start. */
    serverTtft: number | null
    error: string | null
    conversationId: string | null
  }
  async function streamChat(question: string): Promise<Outcome> {
    const t0 = performance.now()
    const outcome: Outcome = { status: 0, ttfb: NaN, ttft: null, end: NaN, complete: false, serverTtft: null, error: null, conversationId: null }
    try {
      const response = await fetch(`${base}/api/workspaces/${demo}/chat`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ message: { role: 'user', parts: [{ type: 'text', text: question }] } }),
      })
      outcome.status = response.status
      outcome.ttfb = performance.now() - t0
      const decoder = new TextDecoder()
      let buffer = ''
      const reader = response.body!.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        buffer += decoder.decode(value, { stream: true })
        const events = buffer.split('\n\n')
        buffer = events.pop()!
        for (const part of partsOf(events.join('\n\n'))) {
          if (part.type === 'text-delta') outcome.ttft ??= performance.now() - t0
          if (part.type === 'error') outcome.error = part.errorText ?? 'error'
          if (part.type === 'data-conversation') outcome.conversationId = part.data.id
          if (part.type === 'finish') {
            outcome.complete = part.messageMetadata?.status === 'complete'
            outcome.serverTtft = part.messageMetadata?.ttftMs ?? null
          }
        }
      }
      if (response.status !== 200) outcome.error ??= `HTTP ${response.status}: ${buffer.slice(0, 200)}`
    } catch (error) {
      outcome.error = error instanceof Error ? error.message : String(error)
    }
    outcome.end = performance.now() - t0
    return outcome
  }

  // Warm-up, one at a time, fast answers (its conversations are older than the run's); the last 10 time a lone chat.
  const alone: number[] = []
  for (let i = 0; i < 20; i++) {
    const outcome = await streamChat(`Warm-up question ${i}: how do I upload documents?`)
    if (i >= 10) alone.push(outcome.ttfb)
  }
  // About 1 s per answer: 40 deltas of 4 characters, one every 25 ms.
  answer = { text: `${'Monitora answers from the documents and cites them [1]. '.repeat(3)}`.slice(0, 160), chunkSize: 4, delayMs: 25 }
  const pid = servingPid(server.pid!)
  const loadBefore = load()
  const rssBefore = rssMb(pid)
  const cpuBefore = cpuSeconds(pid)
  let rssPeak = rssBefore
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(pid))), 20)
  const arrivalsBefore = fake.chatRequests().length
  const topics = ['upload a PDF', 'cite sources', 'invite a colleague', 'the widget', 'API keys', 'télétravail', 'les congés', 'unanswered questions', 'supported file types', 'the analytics']
  const runStarted = performance.now()
  const outcomes = await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) => streamChat(`Question ${i + 1}: what does the guide say about ${topics[i % topics.length]}? (${i % 7} details)`)),
  )
  const duration = performance.now() - runStarted
  clearInterval(sampler)
  const modelRequests = fake
    .chatRequests()
    .map((body, i) => ({ body, at: fake.chatArrivals()[i] }))
    .slice(arrivalsBefore)
    .filter((request) => request.body.stream)
    .map((request) => request.at - runStarted)
  const rssAfter = rssMb(pid)
  const cpu = cpuSeconds(pid) - cpuBefore

  const complete = outcomes.filter((o) => o.complete && !o.error).length
  const errors = outcomes.filter((o) => o.error || o.status !== 200)
  const ttfb = summary(outcomes.map((o) => o.ttfb))
  const ttft = summary(outcomes.flatMap((o) => (o.ttft === null ? [] : [o.ttft])))
  const out = summary(modelRequests)
  const serverTtft = summary(outcomes.flatMap((o) => (o.serverTtft === null ? [] : [o.serverTtft])))
  const listed = await (await fetch(`${base}/api/workspaces/${demo}/conversations?limit=100`, { headers })).json()
  const ids = new Set((listed.items as { id: string }[]).map((c) => c.id))
  const saved = outcomes.filter((o) => o.conversationId && ids.has(o.conversationId)).length
  const ok2 = ttfb.p95 <= 500
  console.log(`2. ${CONCURRENT} concurrent streaming chats, built server (npm start, PGlite, demo workspace, hybrid retrieval with the fake's embeddings; ${loadBefore}),`)
  console.log(`   each answer ${answer.text.length / answer.chunkSize} deltas of ${answer.chunkSize} characters every ${answer.delayMs} ms:`)
  console.log(`   complete ${complete}/${CONCURRENT}  errors ${errors.length}${errors.length ? ` (${[...new Set(errors.map((e) => e.error))].slice(0, 3).join('; ')})` : ''}  total ${ms(duration)}`)
  console.log(`   time to first byte:       p50 ${ms(ttfb.p50)}  p95 ${ms(ttfb.p95)} (target ≤ 500)  max ${ms(ttfb.max)}  ${ok2 ? 'OK' : 'MISSED'}`)
  console.log(`   (one chat at a time, after warm-up: time to first byte p50 ${ms(summary(alone).p50)}, max ${ms(summary(alone).max)})`)
  console.log(`   time to first text delta: p50 ${ms(ttft.p50)}  p95 ${ms(ttft.p95)}  (n=${ttft.n})`)
  console.log(`   the server's own time to first token, from its handler's start (finish metadata): p50 ${ms(serverTtft.p50)}  p95 ${ms(serverTtft.p95)}`)
  console.log(`   model requests out (from the start of the run): p50 ${ms(out.p50)}  p95 ${ms(out.p95)}  max ${ms(out.max)}  (n=${out.n})`)
  console.log(`   server (${processName(pid)}, pid ${pid}): RSS ${rssBefore.toFixed(0)} MB before, ${rssPeak.toFixed(0)} MB at peak, ${rssAfter.toFixed(0)} MB after; CPU ${cpu.toFixed(1)} s over the run's ${(duration / 1000).toFixed(1)} s`)
  console.log(`   saved: ${saved}/${CONCURRENT} conversations found by GET /api/workspaces/{ws}/conversations?limit=100 ${saved === CONCURRENT && complete === CONCURRENT ? 'OK' : 'MISSED'}`)
} catch (error) {
  console.error(log.slice(-3000))
  throw error
} finally {
  await stop(server)
  await fake.close()
  rmSync(dataDir, { recursive: true, force: true })
}
console.log(`bench:chat ran in ${((performance.now() - started) / 1000).toFixed(0)} s`)
