// `npm run bench:ingest`: from upload to `ready` through the real route and pipeline, on the
// embedded database. Targets: text PDFs ≥ 30 pages/s (lexical indexing); ≥ 200 chunks/s with
// 1024-dimension vectors from a fake embedding model; a 25 MB PDF grows memory < 300 MB.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fakeEmbedding } from '../tests/support/fake-mistral'
import { makePdf } from '../tests/support/fixtures'
import { embeddedApp, origin } from './embedded'

const app = await embeddedApp('bench-ingest')
const { cookie } = app
const newWorkspace = app.createWorkspace
const { asService, sql } = await import('../lib/db')
const { kickQueue } = await import('../lib/documents/pipeline')
const { setEmbedder } = await import('../lib/ai/embeddings')
const documents = await import('../app/api/workspaces/[ws]/documents/route')
const { machine, summary } = await import('./support')

const samples = existsSync('/work/shared/data/rag-sample') ? '/work/shared/data/rag-sample' : path.resolve('..', 'shared', 'data', 'rag-sample')
const words = readdirSync(path.join(samples, 'en', 'docs'))
  .flatMap((file) => readFileSync(path.join(samples, 'en', 'docs', file), 'utf8').split(/\s+/))
  .filter(Boolean)
let cursor = 0
const line = (length: number) => {
  let text = ''
  while (text.length < length) text += `${words[cursor++ % words.length]} `
  return text.trim()
}
/** A text PDF of `pages` pages: a heading and ~40 lines of prose per page, paragraphs every 8 lines. */
const textPdf = (pages: number) =>
  makePdf(Array.from({ length: pages }, (_, p) => [[`Section ${p + 1}`, 18] as [string, number], ...Array.from({ length: 40 }, (_, l) => [l % 8 === 7 ? '' : line(85), 10] as [string, number])]))

async function ingest(ws: string, files: [string, Uint8Array][]): Promise<number> {
  const form = new FormData()
  for (const [name, bytes] of files) form.append('file', new File([new Uint8Array(bytes)], name))
  const started = performance.now()
  const response = await documents.POST(new Request(`${origin}/api/workspaces/${ws}/documents`, { method: 'POST', headers: { origin, cookie }, body: form }), { params: Promise.resolve({ ws }) })
  if (response.status !== 202) throw new Error(`upload answered ${response.status}: ${await response.text()}`)
  await kickQueue()
  const seconds = (performance.now() - started) / 1000
  const [row] = await asService((tx) => tx.query<{ failed: number }>(sql`select count(*) filter (where status <> 'ready')::int as failed from documents where workspace_id = ${ws}`))
  if (row.failed) throw new Error(`${row.failed} documents did not become ready`)
  return seconds
}

const chunksOf = async (ws: string) => (await asService((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from chunks where workspace_id = ${ws}`)))[0].n

console.log(`bench:ingest on ${machine()}, PGlite on disk`)

// 1. Text PDFs, lexical indexing only.
setEmbedder(null)
const pdfWs = await newWorkspace('PDFs')
const pages = 300
const pdfSeconds = await ingest(pdfWs, [['report-a.pdf', textPdf(pages / 2)], ['report-b.pdf', textPdf(pages / 2)]])
console.log(`text PDFs: ${pages} pages, ${await chunksOf(pdfWs)} chunks in ${pdfSeconds.toFixed(2)} s = ${(pages / pdfSeconds).toFixed(1)} pages/s (target ≥ 30) ${pages / pdfSeconds >= 30 ? 'OK' : 'MISSED'}`)

// 2. With 1024-dimension vectors from a fake embedding model.
setEmbedder({ id: 'fake', embed: async (values) => values.map(fakeEmbedding) })
const vecWs = await newWorkspace('Vectors')
const markdown = (n: number) => `# Handbook ${n}\n\n` + Array.from({ length: 300 }, (_, i) => `## Topic ${i}\n\n${line(900)}\n`).join('\n')
const vecSeconds = await ingest(vecWs, Array.from({ length: 10 }, (_, i) => [`handbook-${i}.md`, new TextEncoder().encode(markdown(i))] as [string, Uint8Array]))
const vecChunks = await chunksOf(vecWs)
console.log(`with 1024-d vectors: ${vecChunks} chunks in ${vecSeconds.toFixed(2)} s = ${(vecChunks / vecSeconds).toFixed(0)} chunks/s (target ≥ 200) ${vecChunks / vecSeconds >= 200 ? 'OK' : 'MISSED'}`)

// 3. Memory while ingesting a 25 MB PDF.
setEmbedder(null)
const bigWs = await newWorkspace('Big')
let bigPages = 2000
let big = textPdf(bigPages)
bigPages = Math.floor((bigPages * 24.9 * 1024 * 1024) / big.length)
big = textPdf(bigPages)
global.gc?.()
const before = process.memoryUsage().rss
const rss: number[] = []
const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 50)
const bigSeconds = await ingest(bigWs, [['big.pdf', big]])
clearInterval(sampler)
const growth = (summary(rss).max - before) / 1048576
console.log(`25 MB PDF: ${(big.length / 1048576).toFixed(1)} MB, ${bigPages} pages in ${bigSeconds.toFixed(1)} s (${(bigPages / bigSeconds).toFixed(0)} pages/s); resident memory +${growth.toFixed(0)} MB (target < 300) ${growth < 300 ? 'OK' : 'MISSED'}`)

await app.close()
