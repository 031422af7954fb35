// `npm run bench:analytics`: the analytics route and the dashboard home on the embedded database
// (PGlite on disk) with 1,000,000 messages across 10 workspaces (500k questions, 500k answers in
// 100k conversations over 120 days, 3 sources, 3 models, feedback, citations). The data set is
// generated once with set-based SQL (triggers off, then the rollups recounted) and cached under
// .data/bench-analytics-<messages>; `--rebuild` starts over, `--messages N` changes the size.
// Targets: GET /api/workspaces/{ws}/analytics for 90 days p95 ≤ 200 ms; dashboard home p95 ≤ 100 ms.
import { createHash, randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import path from 'node:path'

const args = process.argv.slice(2)
const flag = (name: string) => args.includes(`--${name}`)
const option = (name: string, fallback: number) => Number(args[args.indexOf(`--${name}`) + 1] ?? fallback) || fallback
const MESSAGES = option('messages', 1_000_000)
const REQUESTS = option('requests', 200)
const WORKSPACES = 10
const EXCHANGES = 5
const DAYS = 120
const dataDir = path.resolve('.data', `bench-analytics-${MESSAGES}`)
if (flag('rebuild')) rmSync(dataDir, { recursive: true, force: true })
process.env.DATA_DIR = dataDir
delete process.env.DATABASE_URL

const { database, asService, sql } = await import('../lib/db')
const analyticsRoute = await import('../app/api/workspaces/[ws]/analytics/route')
const { homeStats } = await import('../lib/analytics/home')
const { dayOf, addDays } = await import('../lib/analytics/range')
const { machine, ms, ragSample, seeded, summary } = await import('./support')

const ownerId = '20000000-0000-4000-8000-0000000000aa'
const workspaces = Array.from({ length: WORKSPACES }, (_, i) => `20000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`)
const db = await database()
const [existing] = await db.query<{ n: number }>(sql`select count(*)::int as n from messages`)

if (existing.n < MESSAGES) {
  console.log(`Generating ${MESSAGES.toLocaleString('en')} messages (once; cached in ${dataDir})…`)
  const started = performance.now()
  const { questions } = ragSample()
  const { random, pick } = seeded()
  // Wordings: real questions of the evaluation sets, each also asked in two other ways.
  const base = Array.from({ length: 400 }, () => pick(questions))
  const wordings = base.flatMap((q) => [q, q.replace(/\?$/, '').toLowerCase(), `${q.replace(/\?$/, '')} please?`])
  const perWorkspace = MESSAGES / WORKSPACES / 2 / EXCHANGES
  await asService(async (tx) => {
    await tx.query(sql`insert into users (id, email) values (${ownerId}, 'bench-analytics@example.com') on conflict do nothing`)
    for (const [i, id] of workspaces.entries()) {
      await tx.query(sql`insert into workspaces (id, name, created_by) values (${id}, ${`Analytics ${i + 1}`}, ${ownerId}) on conflict do nothing`)
      await tx.query(sql`insert into documents (workspace_id, name, type, size_bytes, status, language)
                         select ${id}, 'doc-' || n || '.md', 'markdown', 20000 + n * 1000, 'ready', 'en' from generate_series(1, 20) n`)
    }
  })
  for (const ws of workspaces) {
    const t0 = performance.now()
    // Groups once per distinct wording, as the insert trigger would have assigned them.
    const groups = await asService((tx) => tx.query<{ w: string; g: string }>(sql`select w, app.question_group_for(${ws}, w) as g from unnest(${wordings}::text[]) as w`))
    await asService(async (tx) => {
      await tx.query(sql`set local session_replication_role = replica`)
      await tx.query(sql`create temp table wording (n int, content text, grp uuid) on commit drop`)
      await tx.query(sql`insert into wording select row_number() over () - 1, w, g from unnest(${groups.map((g) => g.w)}::text[], ${groups.map((g) => g.g)}::uuid[]) as u(w, g)`)
      await tx.query(sql`create temp table conv on commit drop as
        select gen_random_uuid() as id, (array['dashboard', 'widget', 'api'])[1 + i % 3] as channel, i,
               now() - (mod(i * 0.6180339887 + ${random()}::numeric, 1) * ${DAYS}::int * interval '1 day') as at
          from generate_series(1, ${perWorkspace}::int) i`)
      await tx.query(sql`insert into conversations (id, workspace_id, user_id, channel, visitor_id, title, created_at, updated_at, last_message_at)
        select id, ${ws}, case when channel = 'dashboard' then ${ownerId}::uuid end, channel, case when channel = 'widget' then 'visitor-' || i end,
               'Conversation ' || i, at, at, at + interval '5 minutes' from conv`)
      const [{ docs }] = await tx.query<{ docs: string[] }>(sql`select array_agg(id) as docs from documents where workspace_id = ${ws}`)
      await tx.query(sql`create temp table ex on commit drop as
        select c.id as conversation_id, c.channel, gen_random_uuid() as q, gen_random_uuid() as a, c.at + e * interval '1 minute' as at,
               (hashtext(c.id::text || e) & 2147483647) as h, e
          from conv c cross join generate_series(1, ${EXCHANGES}::int) e`)
      await tx.query(sql`insert into messages (id, workspace_id, conversation_id, user_id, role, content, channel, question_group, created_at, updated_at)
        select x.q, ${ws}, x.conversation_id, case when x.channel = 'dashboard' then ${ownerId}::uuid end, 'user', w.content, x.channel, w.grp, x.at, x.at
          from ex x join wording w on w.n = x.h % ${wordings.length}::int`)
      await tx.query(sql`insert into messages (id, workspace_id, conversation_id, user_id, role, reply_to, content, channel, question_group, status, model,
                                                input_tokens, output_tokens, ttft_ms, total_ms, unanswered, citations, feedback, feedback_comment, feedback_at, created_at, updated_at)
        select x.a, ${ws}, x.conversation_id, case when x.channel = 'dashboard' then ${ownerId}::uuid end, 'assistant', x.q, 'The answer, quoted from the documents [1].',
               x.channel, w.grp, case when x.h % 50 = 0 then 'failed' else 'complete' end,
               (array['mistral-small-latest', 'mistral-large-latest', 'offline:monitora-extractive'])[1 + x.h % 3],
               800 + x.h % 3000, 50 + x.h % 400, 200 + (x.h / 7) % 900 + (case when x.h % 20 = 0 then 2000 else 0 end), 1500 + (x.h / 11) % 6000,
               x.h % 100 < 15 or w.n % 17 = 0,
               case when x.h % 100 < 15 or w.n % 17 = 0 then '[]'::jsonb
                    else jsonb_build_array(jsonb_build_object('n', 1, 'documentId', (${docs}::uuid[])[1 + (w.n + x.h % 3) % 20])) end,
               case when x.h % 10 = 0 then 1 when x.h % 10 = 1 then -1 end,
               case when x.h % 200 = 1 then 'The answer missed the point' end,
               case when x.h % 10 in (0, 1) then x.at + interval '2 minutes' end, x.at + interval '2 seconds', x.at + interval '2 seconds'
          from ex x join wording w on w.n = x.h % ${wordings.length}::int`)
    })
    await asService((tx) => tx.query(sql`select app.analytics_recount(${ws})`))
    console.log(`  workspace ${ws.slice(-2)}: ${(perWorkspace * EXCHANGES * 2).toLocaleString('en')} messages in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  }
  await db.exec('analyze')
  console.log(`generated in ${((performance.now() - started) / 1000).toFixed(0)} s`)
}

// A session for the owner of the ten workspaces (the route reads the cookie like a browser's).
const token = randomBytes(32).toString('base64url')
await asService((tx) => tx.query(sql`insert into sessions (token_hash, user_id, expires_at) values (${createHash('sha256').update(token).digest('base64url')}, ${ownerId}, now() + interval '1 hour')`))
const cookie = `monitora_session=${token}`
const identity = { kind: 'user' as const, userId: ownerId, email: 'bench-analytics@example.com' }
const [{ n: total }] = await db.query<{ n: number }>(sql`select count(*)::int as n from messages`)

const to = dayOf(new Date())
const from = addDays(to, -89)
async function analytics(ws: string): Promise<number> {
  const t = performance.now()
  const response = await analyticsRoute.GET(new Request(`http://localhost:3000/api/workspaces/${ws}/analytics?from=${from}&to=${to}`, { headers: { cookie } }), { params: Promise.resolve({ ws }) })
  const body = await response.json()
  if (response.status !== 200) throw new Error(`status ${response.status}: ${JSON.stringify(body)}`)
  return performance.now() - t
}
async function home(): Promise<number> {
  const t = performance.now()
  const stats = await homeStats(identity, 30)
  if (stats.workspaces !== WORKSPACES) throw new Error(`home saw ${stats.workspaces} workspaces`)
  return performance.now() - t
}

async function measure(label: string, run: (i: number) => Promise<number>, target: number) {
  for (let i = 0; i < WORKSPACES * 2; i++) await run(i)
  const samples: number[] = []
  const cpu = process.cpuUsage()
  const wall = performance.now()
  for (let i = 0; i < REQUESTS; i++) samples.push(await run(i))
  const used = process.cpuUsage(cpu)
  const cpuPerRequest = (used.user + used.system) / 1000 / REQUESTS
  const elapsed = performance.now() - wall
  const s = summary(samples)
  console.log(`  ${label.padEnd(40)} p50 ${ms(s.p50)}  p95 ${ms(s.p95)} (target ≤ ${target})  max ${ms(s.max)}  ${s.p95 <= target ? 'OK' : 'MISSED'}`)
  console.log(`  ${''.padEnd(40)} process CPU ${ms(cpuPerRequest)} per request (${((cpuPerRequest * REQUESTS) / elapsed * 100).toFixed(0)} % of wall time)`)
}

console.log(`bench:analytics on ${machine()}, ${total.toLocaleString('en')} messages in ${WORKSPACES} workspaces, ${REQUESTS} requests each`)
await measure(`analytics, 90 days (${from}…${to})`, (i) => analytics(workspaces[i % WORKSPACES]), 200)
await measure('dashboard home, 30 days, 10 workspaces', () => home(), 100)
await db.close()
