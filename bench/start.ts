// `npm run bench:start`: time from `npm start` to a 200 from /api/health, on a fresh and on
// an existing data folder. Target: existing folder ≤ 3 s.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { machine, ms, requireBuild, startServer, stop, summary, waitForHealth } from './support'

requireBuild()
const runs = Number(process.argv[2] ?? 5)
const port = 3190
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'monitora-bench-start-'))
const health = `http://127.0.0.1:${port}/api/health`

async function once(): Promise<number> {
  const started = performance.now()
  const server = startServer(port, dataDir)
  try {
    await waitForHealth(health, 60_000)
    return performance.now() - started
  } finally {
    await stop(server)
  }
}

console.log(`bench:start on ${machine()}`)
const fresh = await once()
console.log(`first start (new data folder: initdb, migrations, demo account): ${ms(fresh)}`)
const samples: number[] = []
for (let i = 0; i < runs; i++) samples.push(await once())
const s = summary(samples)
console.log(`existing data folder, ${s.n} starts: p50 ${ms(s.p50)}, max ${ms(s.max)} (target ≤ 3000 ms) ${s.max <= 3000 ? 'OK' : 'MISSED'}`)
rmSync(dataDir, { recursive: true, force: true })
