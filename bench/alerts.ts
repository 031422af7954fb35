// `npm run bench:alerts`: one alert cycle over 1,000 workspaces with traffic, on the embedded
// database (PGlite on disk). Each workspace has 300 answers (100 in the last hour, a share of
// them unanswered, rated down or failed), widget refusals and sometimes a failed document;
// every tenth has a webhook. Target: evaluation ≤ 5 s per cycle.
import { embeddedApp } from './embedded'

const WORKSPACES = 1000
const RECENT = 100
const OLDER = 200

const app = await embeddedApp('bench-alerts')
const { asService, database, sql } = await import('../lib/db')
const { evaluateAlerts } = await import('../lib/alerts/evaluate')
const { machine } = await import('./support')

const loadStarted = performance.now()
await asService(async (tx) => {
  const [user] = await tx.query<{ id: string }>(sql`select id from users limit 1`)
  await tx.query(sql`alter table messages disable trigger messages_words_insert`)
  await tx.query(sql`
    insert into workspaces (name, created_by) select 'Bench ' || i, ${user.id} from generate_series(1, ${WORKSPACES}::int) as i`)
  await tx.query(sql`
    insert into conversations (workspace_id, channel, title) select id, 'api', 'bench' from workspaces`)
  // Recent answers: workspace i has (i % 10) * 10 % unanswered, some thumbs-down and provider errors.
  await tx.query(sql`
    insert into messages (workspace_id, conversation_id, role, content, status, error_code, unanswered, feedback, feedback_at, created_at)
    select c.workspace_id, c.id, 'assistant', 'answer',
           case when n % 50 = 0 and w.rank % 7 = 0 then 'failed' else 'complete' end,
           case when n % 50 = 0 and w.rank % 7 = 0 then 'unavailable:model' end,
           n % 10 < w.rank % 10, case when n % 17 = 0 then -1 end, case when n % 17 = 0 then now() - interval '20 minutes' end,
           now() - (n || ' seconds')::interval * 30
      from (select id, row_number() over (order by id) as rank from workspaces) w
      join conversations c on c.workspace_id = w.id
      cross join generate_series(1, ${RECENT}::int) as n`)
  await tx.query(sql`
    insert into messages (workspace_id, conversation_id, role, content, status, unanswered, created_at)
    select c.workspace_id, c.id, 'assistant', 'older answer', 'complete', n % 3 = 0, now() - interval '2 hours' - (n || ' minutes')::interval
      from conversations c cross join generate_series(1, ${OLDER}::int) as n`)
  await tx.query(sql`
    insert into rate_limit_refusals (workspace_id, minute, refusals)
    select w.id, date_trunc('minute', now()) - (m || ' minutes')::interval, 5 from workspaces w cross join generate_series(0, 20) as m`)
  await tx.query(sql`
    insert into documents (workspace_id, name, type, size_bytes, status, error_reason, processed_at)
    select id, 'broken.pdf', 'pdf', 100, 'failed', 'damaged', now() - interval '1 hour' from workspaces where random() < 0.2`)
  await tx.query(sql`
    insert into webhooks (workspace_id, url, secret) select id, 'https://hooks.example.com/bench', 'whsec_bench' from workspaces where random() < 0.1`)
  await tx.query(sql`alter table messages enable trigger messages_words_insert`)
})
await (await database()).exec('analyze')
const [{ messages }] = await asService((tx) => tx.query<{ messages: number }>(sql`select count(*)::int as messages from messages`))
console.log(`bench:alerts on ${machine()}`)
console.log(`loaded ${WORKSPACES} workspaces, ${messages.toLocaleString('en')} messages in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`)

for (let cycle = 1; cycle <= 5; cycle++) {
  const cpu = process.cpuUsage()
  const started = performance.now()
  const result = await evaluateAlerts()
  const wall = performance.now() - started
  const used = process.cpuUsage(cpu)
  console.log(
    `cycle ${cycle}: ${(wall / 1000).toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU; raised ${result.raised}, resolved ${result.resolved}` +
      (cycle === 1 ? ' (first cycle: every alert, notification and webhook delivery is written)' : ''),
  )
}
const [counts] = await asService((tx) =>
  tx.query<{ alerts: number; notifications: number; deliveries: number }>(sql`
    select (select count(*)::int from alerts) as alerts, (select count(*)::int from notifications) as notifications, (select count(*)::int from webhook_deliveries) as deliveries`),
)
console.log(`active alerts ${counts.alerts}, notifications ${counts.notifications}, queued webhook deliveries ${counts.deliveries}; target ≤ 5 s per cycle`)
await app.close()
