// `npm run bench:conversations`: the conversation list at scale on the embedded database
// (PGlite on disk), route handlers in-process. One person owns 10,000 conversations with
// 100,000 messages (other people's conversations in the same workspace are filtered out).
// Targets: first page p95 ≤ 30 ms; full-text search (?q=) over the 100k messages p95 ≤ 100 ms.
import { embeddedApp, origin } from './embedded'

const CONVERSATIONS = 10_000
const MESSAGES_EACH = 10

const app = await embeddedApp('bench-conversations')
const ws = await app.createWorkspace('Bench')
const { asService, sql } = await import('../lib/db')
const list = await import('../app/api/workspaces/[ws]/conversations/route')
const { machine, ms, seeded, summary } = await import('./support')

// A vocabulary with a realistic spread: a few frequent words, many rare ones.
const common = 'the policy travel expenses team meeting report budget project customer contract invoice'.split(' ')
const french = 'remboursement télétravail équipement congés réunion facture budget contrat client salarié'.split(' ')
const rare = Array.from({ length: 3000 }, (_, i) => `term${i.toString(36)}`)
const { random, pick } = seeded()
const sentence = (words: number) => Array.from({ length: words }, () => (random() < 0.5 ? pick(common) : random() < 0.5 ? pick(french) : pick(rare))).join(' ')

const started = performance.now()
const [user] = await asService((tx) => tx.query<{ id: string }>(sql`select id from users limit 1`))
await asService(async (tx) => {
  // Bulk load: the search words of each conversation are computed once at the end, not per message.
  await tx.query(sql`alter table messages disable trigger messages_words_insert`)
  const [other] = await tx.query<{ id: string }>(sql`insert into users (email) values ('other@example.com') returning id`)
  await tx.query(sql`insert into workspace_members (workspace_id, user_id, role) values (${ws}, ${other.id}, 'member')`)
  for (const owner of [user.id, other.id]) {
    const count = owner === user.id ? CONVERSATIONS : CONVERSATIONS / 10
    for (let batch = 0; batch < count; batch += 500) {
      const titles = Array.from({ length: Math.min(500, count - batch) }, () => sentence(5))
      const ids = await tx.query<{ id: string }>(sql`
        insert into conversations (workspace_id, user_id, title, last_message_at, tags, folder)
        select ${ws}, ${owner}, t.title, now() - (t.i || ' minutes')::interval, case when t.i % 7 = 0 then array['important'] else '{}' end,
               case when t.i % 5 = 0 then 'Clients' end
          from unnest(${titles}::text[]) with ordinality as t(title, i)
        returning id`)
      const contents: string[] = []
      const conversations: string[] = []
      const roles: string[] = []
      for (const { id } of ids) {
        for (let m = 0; m < MESSAGES_EACH; m++) {
          conversations.push(id)
          roles.push(m % 2 ? 'assistant' : 'user')
          contents.push(sentence(m % 2 ? 60 : 12))
        }
      }
      await tx.query(sql`
        insert into messages (workspace_id, conversation_id, role, content)
        select ${ws}, c, r, t from unnest(${conversations}::uuid[], ${roles}::text[], ${contents}::text[]) as u(c, r, t)`)
    }
  }
  await tx.query(sql`alter table messages enable trigger messages_words_insert`)
  await tx.query(sql`update conversations set search_tsv = app.conversation_words(id, title)`)
  await tx.query(sql`analyze conversations`)
  await tx.query(sql`analyze messages`)
})
console.log(`bench:conversations on ${machine()}`)
console.log(`seeded ${CONVERSATIONS} + ${CONVERSATIONS / 10} conversations, ${(CONVERSATIONS * 11 * MESSAGES_EACH) / 10} messages in ${((performance.now() - started) / 1000).toFixed(1)} s`)

async function get(query: Record<string, string>): Promise<number> {
  const url = new URL(`${origin}/api/workspaces/${ws}/conversations`)
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value)
  const t = performance.now()
  const response = await list.GET(new Request(url, { headers: { cookie: app.cookie } }), { params: Promise.resolve({ ws }) })
  const body = await response.json()
  if (response.status !== 200) throw new Error(`status ${response.status}: ${JSON.stringify(body)}`)
  return performance.now() - t
}

async function measure(label: string, queries: Record<string, string>[], target: number) {
  for (const query of queries.slice(0, 20)) await get(query)
  const samples: number[] = []
  for (let i = 0; i < 300; i++) samples.push(await get(queries[i % queries.length]))
  const s = summary(samples)
  console.log(`  ${label.padEnd(44)} p50 ${ms(s.p50)}  p95 ${ms(s.p95)} (target ≤ ${target})  max ${ms(s.max)}  ${s.p95 <= target ? 'OK' : 'MISSED'}`)
}

await measure('first page (20 newest)', [{}], 30)
await measure('first page, favourites / folder / tag', [{ favorite: 'true' }, { folder: 'Clients' }, { tag: 'important' }], 30)
await measure('search, frequent word', common.map((word) => ({ q: word })), 100)
await measure('search, French word with accents', french.map((word) => ({ q: word })), 100)
await measure('search, rare word', rare.slice(0, 300).map((word) => ({ q: word })), 100)
await measure('search, two-word prefix', common.map((word) => ({ q: `${word.slice(0, 4)} ${pick(rare).slice(0, 5)}` })), 100)
await app.close()
