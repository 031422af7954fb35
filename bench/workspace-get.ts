// `npm run bench:api`: server time of an authenticated GET /api/workspaces/{ws} on the embedded
// database (PGlite on disk): the route handler in-process, from Request to Response, cookie
// session lookup and the row-level-security transaction included.
// Target: p50 ≤ 5 ms, p95 ≤ 15 ms.
import { embeddedApp, origin } from './embedded'

const app = await embeddedApp('bench-api')
const { cookie } = app
const ws = { id: await app.createWorkspace('Bench') }
// Other tenants in the same database, so the policies filter real data.
for (let i = 0; i < 50; i++) await app.createWorkspace(`Other ${i}`)
const workspace = await import('../app/api/workspaces/[ws]/route')
const { machine, ms, summary } = await import('./support')

async function once(): Promise<number> {
  const started = performance.now()
  const response = await workspace.GET(new Request(`${origin}/api/workspaces/${ws.id}`, { headers: { cookie } }), { params: Promise.resolve({ ws: ws.id }) })
  await response.text()
  if (response.status !== 200) throw new Error(`status ${response.status}`)
  return performance.now() - started
}

for (let i = 0; i < 300; i++) await once()
const samples: number[] = []
for (let i = 0; i < 3000; i++) samples.push(await once())
const s = summary(samples)
console.log(`bench:api on ${machine()}`)
console.log(`GET /api/workspaces/{ws}, cookie session, PGlite on disk, ${s.n} requests:`)
console.log(`  p50 ${ms(s.p50)} (target ≤ 5)  p95 ${ms(s.p95)} (target ≤ 15)  p99 ${ms(s.p99)}  max ${ms(s.max)}  ${s.p50 <= 5 && s.p95 <= 15 ? 'OK' : 'MISSED'}`)
await app.close()
