// `npm run check:pdfs -- [folder]`: uploads every PDF of ../shared/data/pdfs (good and bad, in
// one batch) through the real route and compares each outcome with the manifest's expectation.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const folder = path.resolve(process.argv[2] ?? (existsSync('/work/shared/data/pdfs') ? '/work/shared/data/pdfs' : '../shared/data/pdfs'))
const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { files: { file: string; expected: string }[] }
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'monitora-check-pdfs-'))
process.env.DATA_DIR = dataDir

const { database, asService, sql } = await import('../lib/db')
const { kickQueue } = await import('../lib/documents/pipeline')
const signup = await import('../app/api/auth/signup/route')
const workspaces = await import('../app/api/workspaces/route')
const documents = await import('../app/api/workspaces/[ws]/documents/route')

const origin = 'http://localhost:3000'
const json = { 'content-type': 'application/json', origin }
await database()
const cookie = (await signup.POST(new Request(`${origin}/api/auth/signup`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'pdfs@example.com', password: 'check passphrase' }) }), { params: Promise.resolve({}) }))
  .headers.getSetCookie()[0]
  .split(';')[0]
const ws = (await (await workspaces.POST(new Request(`${origin}/api/workspaces`, { method: 'POST', headers: { ...json, cookie }, body: JSON.stringify({ name: 'PDFs' }) }), { params: Promise.resolve({}) })).json()).id

const form = new FormData()
for (const { file } of manifest.files) form.append('file', new File([readFileSync(path.join(folder, file))], path.basename(file)))
const response = await documents.POST(new Request(`${origin}/api/workspaces/${ws}/documents`, { method: 'POST', headers: { origin, cookie }, body: form }), { params: Promise.resolve({ ws }) })
console.log(`upload answered ${response.status}`)
await kickQueue()

const rows = await asService((tx) => tx.query<{ name: string; status: string; error_reason: string | null; pages: number | null; chunk_count: number }>(sql`
  select name, status, error_reason, pages, chunk_count from documents where workspace_id = ${ws}`))
const byName = new Map(rows.map((row) => [row.name, row]))
const expectedReason: Record<string, string> = { text: 'ready', 'no-text': 'no_text', corrupt: 'damaged', encrypted: 'password_protected' }
let agree = 0
for (const { file, expected } of manifest.files) {
  const row = byName.get(path.basename(file))!
  const outcome = row.error_reason ?? row.status
  const ok = outcome === expectedReason[expected]
  agree += ok ? 1 : 0
  console.log(`${ok ? 'ok  ' : 'DIFF'} ${file.padEnd(58)} expected ${expected.padEnd(9)} got ${outcome}${row.status === 'ready' ? ` (${row.pages} pages, ${row.chunk_count} chunks)` : ''}`)
}
console.log(`${agree} of ${manifest.files.length} match the manifest`)
await (await database()).close()
rmSync(dataDir, { recursive: true, force: true })
