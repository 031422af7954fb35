// `npm run bench:exports`: the export writers on realistic data, in-process (what the export
// routes run once the rows are read). Targets: the PDF of a 200-message conversation with 5
// tables and 2 charts ≤ 1.5 s; the XLSX of a 10k-row table ≤ 1 s; a 200k-row XLSX streams with
// server memory growth ≤ 200 MB.
import { Writable } from 'node:stream'
import type { Artifact, ChartContent, TableContent } from '../lib/artifacts/schemas'
import type { ConversationExport } from '../lib/exports/conversation'
import { machine, seeded } from './support'

const { exportArtifact, exportConversation } = await import('../lib/exports')
const { writeXlsx } = await import('../lib/exports/table')
const { random, pick } = seeded()

const words = 'remboursement télétravail équipement congés réunion facture budget contrat client salarié policy travel expenses team report Noël €'.split(' ')
const sentence = (n: number) => Array.from({ length: n }, () => pick(words)).join(' ')
const columns: TableContent['columns'] = [
  { name: 'Date', type: 'date' },
  { name: 'Client', type: 'text' },
  { name: 'Montant (€)', type: 'number' },
  { name: 'Marge', type: 'percent' },
  { name: 'Total', type: 'number' },
]
const row = (i: number) => [`2024-${String((i % 12) + 1).padStart(2, '0')}-15`, `Client ${i} ${pick(words)}`, Math.round(random() * 100_000) / 100, Math.round(random() * 100) / 100, `=C${i + 2}*(1+D${i + 2})`]
const table = (rows: number): TableContent => ({ columns, rows: Array.from({ length: rows }, (_, i) => row(i)) })

const now = new Date()
const artifact = (kind: Artifact['kind'], title: string, content: Artifact['content'], messageId: string | null): Artifact => ({
  id: crypto.randomUUID(), workspaceId: crypto.randomUUID(), conversationId: crypto.randomUUID(), messageId, kind, title, version: 1, content, author: 'model', createdAt: now.toISOString(), updatedAt: now.toISOString(),
})

const messages: ConversationExport['messages'] = Array.from({ length: 200 }, (_, i) => ({
  id: crypto.randomUUID(),
  role: i % 2 ? 'assistant' : 'user',
  text: i % 2 ? `## ${sentence(3)}\n\n${sentence(40)} [1]. **${sentence(4)}** [2]\n\n- ${sentence(8)}\n- ${sentence(8)}\n` : `${sentence(12)} ?`,
  status: 'complete',
  model: i % 2 ? 'mistral-small-latest' : null,
  createdAt: new Date(now.getTime() - (200 - i) * 60_000),
  totalMs: i % 2 ? 900 + i : null,
  ttftMs: i % 2 ? 200 : null,
  citations: i % 2 ? [1, 2].map((n) => ({ n, chunkId: n, documentId: crypto.randomUUID(), documentName: `guide-${n}.pdf`, page: n, start: 0, end: 10, headingPath: [], text: sentence(30), score: 1 })) : [],
  feedback: null,
}))
const chart = (type: ChartContent['chartType']): ChartContent => ({ chartType: type, data: { columns: [{ name: 'Mois', type: 'text' }, { name: 'Ventes', type: 'number' }, { name: 'Coûts', type: 'number' }], rows: Array.from({ length: 12 }, (_, i) => [`M${i + 1}`, Math.round(random() * 1000), Math.round(random() * 800)]) }, x: 'Mois', series: ['Ventes', 'Coûts'] })
const artifacts = [
  ...Array.from({ length: 5 }, (_, i) => artifact('table', `Tableau ${i + 1}`, table(40), messages[i * 40 + 1].id)),
  artifact('chart', 'Ventes par mois', chart('bar'), messages[21].id),
  artifact('chart', 'Tendance', chart('line'), messages[121].id),
]
const conversation: ConversationExport = { id: crypto.randomUUID(), title: 'Bilan 2024 — réunion équipe', workspaceName: 'Bench', createdAt: now, exportedAt: now, messages, artifacts }

/** Wall time, and this process's CPU time (the cores are shared: CPU time shows the work itself). */
const timed = async (run: () => Promise<Response>) => {
  const started = performance.now()
  const cpu = process.cpuUsage()
  const response = await run()
  const bytes = (await response.arrayBuffer()).byteLength
  const used = process.cpuUsage(cpu)
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, bytes }
}

console.log(`bench:exports on ${machine()}`)

// Warm-up: fonts and modules load once per process.
await timed(() => exportConversation({ ...conversation, messages: messages.slice(0, 4), artifacts: artifacts.slice(5, 6) }, 'pdf'))
const pdfRuns = []
for (let i = 0; i < 3; i++) pdfRuns.push(await timed(() => exportConversation(conversation, 'pdf')))
pdfRuns.sort((a, b) => a.ms - b.ms)
console.log(`PDF, 200 messages + 5 tables + 2 charts: median ${pdfRuns[1].ms.toFixed(0)} ms (best ${pdfRuns[0].ms.toFixed(0)}, worst ${pdfRuns[2].ms.toFixed(0)}; CPU ${pdfRuns[1].cpuMs.toFixed(0)} ms), ${(pdfRuns[1].bytes / 1024).toFixed(0)} KB  [target ≤ 1500 ms]`)

const tenK = artifact('table', 'Ventes 10k', table(10_000), null)
await timed(() => exportArtifact(artifact('table', 'warm', table(100), null), 'xlsx'))
const xlsxRuns = []
for (let i = 0; i < 3; i++) xlsxRuns.push(await timed(() => exportArtifact(tenK, 'xlsx')))
xlsxRuns.sort((a, b) => a.ms - b.ms)
console.log(`XLSX, 10,000-row table: median ${xlsxRuns[1].ms.toFixed(0)} ms (CPU ${xlsxRuns[1].cpuMs.toFixed(0)} ms), ${(xlsxRuns[1].bytes / 1024).toFixed(0)} KB  [target ≤ 1000 ms]`)

// 200k rows generated one by one and streamed to a sink that counts bytes: peak RSS growth sampled every 20 ms.
global.gc?.()
const baseline = process.memoryUsage().rss
let peak = baseline
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
let written = 0
const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => ((written += chunk.length), done()) })
const started = performance.now()
function* rows() {
  for (let i = 0; i < 200_000; i++) yield row(i)
}
await writeXlsx([{ name: 'Ventes 200k', columns, rows: rows() }], sink)
clearInterval(sampler)
peak = Math.max(peak, process.memoryUsage().rss)
console.log(`XLSX, 200,000 rows streamed: ${((performance.now() - started) / 1000).toFixed(1)} s, ${(written / 1024 / 1024).toFixed(1)} MB written, RSS growth ${((peak - baseline) / 1024 / 1024).toFixed(0)} MB  [target ≤ 200 MB]`)
