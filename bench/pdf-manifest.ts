// `npm run check:pdfs -- [folder]`: uploads every PDF of ../shared/data/pdfs (good and bad, in
// one batch) through the real route and compares each outcome with the manifest's expectation.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { embeddedApp, origin } from './embedded'

const folder = path.resolve(process.argv[2] ?? (existsSync('/work/shared/data/pdfs') ? '/work/shared/data/pdfs' : '../shared/data/pdfs'))
const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { files: { file: string; expected: string }[] }
const app = await embeddedApp('check-pdfs')
const { cookie } = app
const ws = await app.createWorkspace('PDFs')
const { asService, sql } = await import('../lib/db')
const { kickQueue } = await import('../lib/documents/pipeline')
const documents = await import('../app/api/workspaces/[ws]/documents/route')

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
await app.close()
