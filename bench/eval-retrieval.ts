// `npm run eval:retrieval -- --data <folder> [--limit-questions N] [--mode lexical|vector|hybrid]`
//
// Retrieval quality on a question set: the folder holds `docs/*.md` and `questions.jsonl`
// (`question`, `answers`, `doc_file`), laid out like data/rag-sample/en. The documents go through
// the real upload route and processing queue into a fresh workspace of a fresh embedded database
// (PGlite in a temporary DATA_DIR); every question goes through the search route (limit 10).
// A hit is a result from the question's document whose text contains one of the gold answers
// (both lower-cased, accents removed). Prints hit@1, hit@5, MRR@10 and the search latency
// (p50/p95 around the route call), beside a plain BM25 over the same paragraphs as the baseline.
// With an embedding model configured (MISTRAL_API_KEY, or an OpenAI-compatible endpoint such as
// Ollama's: OPENAI_COMPATIBLE_BASE_URL and OPENAI_COMPATIBLE_EMBEDDING_MODEL) and no --mode,
// the same ingest is searched in each mode, lexical, vector and hybrid, one row each, and a line
// says whether hybrid beats both others on hit@1, hit@5 and MRR@10. --mode asks one mode only.
// Targets (lexical): at least the baseline on every figure, hit@1 ≥ 0.85 and hit@5 ≥ 0.97.
// The exit code is 0 when a target is missed (this is a report), non-zero only on errors.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { baselineIndex } from './bm25-baseline'
import { embeddedApp, origin } from './embedded'

const TARGET_HIT1 = 0.85
const TARGET_HIT5 = 0.97
const LIMIT = 10
const MAX_FILES_PER_UPLOAD = 20
const MAX_BYTES_PER_UPLOAD = 8 * 1024 * 1024
const WARMUP = 5

/** Progress on stderr (the report itself goes to stdout). */
const progress = (message: string) => process.stderr.write(`[eval:retrieval] ${message}\n`)

type Mode = 'lexical' | 'vector' | 'hybrid'

interface Question {
  question: string
  answers: string[]
  doc_file: string
}

interface Scores {
  hit1: number
  hit5: number
  mrr: number
  n: number
}

const usage = 'usage: npm run eval:retrieval -- --data <folder> [--limit-questions N] [--mode lexical|vector|hybrid]'

function options() {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, 'limit-questions': { type: 'string' }, mode: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  })
  if (values.help) {
    console.log(usage)
    process.exit(0)
  }
  if (!values.data) throw new Error(`--data is required\n${usage}`)
  const limit = values['limit-questions'] === undefined ? Infinity : Number(values['limit-questions'])
  if (!(limit > 0) || (limit !== Infinity && !Number.isInteger(limit))) throw new Error('--limit-questions must be a positive whole number')
  const mode = values.mode
  if (mode !== undefined && !['lexical', 'vector', 'hybrid'].includes(mode)) throw new Error(`--mode must be lexical, vector or hybrid\n${usage}`)
  return { data: path.resolve(values.data), limit, mode: mode as Mode | undefined }
}

/** Lower-cased, accents removed: the comparison of the hit rule. */
export const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

function readSet(folder: string) {
  const docsDir = path.join(folder, 'docs')
  const questionsFile = path.join(folder, 'questions.jsonl')
  if (!existsSync(docsDir)) throw new Error(`${docsDir} not found: the folder must hold docs/*.md and questions.jsonl`)
  if (!existsSync(questionsFile)) throw new Error(`${questionsFile} not found`)
  const names = readdirSync(docsDir)
    .filter((name) => name.toLowerCase().endsWith('.md'))
    .sort()
  if (!names.length) throw new Error(`no .md file in ${docsDir}`)
  const documents = names.map((name) => ({ name, bytes: readFileSync(path.join(docsDir, name)) }))
  const questions = readFileSync(questionsFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const row = JSON.parse(line) as Partial<Question>
      if (typeof row.question !== 'string' || !Array.isArray(row.answers) || !row.answers.length || typeof row.doc_file !== 'string') {
        throw new Error(`questions.jsonl line ${i + 1}: needs "question", "answers" (non-empty) and "doc_file"`)
      }
      return row as Question
    })
  const known = new Set(names)
  const orphans = questions.filter((q) => !known.has(path.basename(q.doc_file)))
  if (orphans.length) throw new Error(`${orphans.length} question(s) name a doc_file not in docs/, e.g. ${orphans[0].doc_file}`)
  return { documents, questions }
}

/** The rank (0-based) of the first hit among the results, or -1. */
function firstHit(question: Question, results: { documentName: string; text: string }[]): number {
  const file = path.basename(question.doc_file)
  const answers = question.answers.map(fold).filter(Boolean)
  return results.slice(0, LIMIT).findIndex((result) => result.documentName === file && answers.some((answer) => fold(result.text).includes(answer)))
}

function score(ranks: number[]): Scores {
  const n = ranks.length
  const hit1 = ranks.filter((rank) => rank === 0).length / n
  const hit5 = ranks.filter((rank) => rank >= 0 && rank < 5).length / n
  const mrr = ranks.reduce((sum, rank) => sum + (rank >= 0 && rank < LIMIT ? 1 / (rank + 1) : 0), 0) / n
  return { hit1, hit5, mrr, n }
}

async function main() {
  const args = options()
  const { documents, questions: allQuestions } = readSet(args.data)
  const questions = allQuestions.slice(0, args.limit)

  // A fresh embedded database, a person and a workspace, through the real routes.
  const app = await embeddedApp('eval-retrieval')
  const { cookie } = app
  const { asService, sql } = await import('../lib/db')
  const { kickQueue } = await import('../lib/documents/pipeline')
  const { detectLanguage } = await import('../lib/documents/language')
  const documentsRoute = await import('../app/api/workspaces/[ws]/documents/route')
  const searchRoute = await import('../app/api/workspaces/[ws]/search/route')
  const { embedder } = await import('../lib/ai/embeddings')
  const { machine, summary } = await import('./support')

  type Handler = (request: Request, segment: { params: Promise<Record<string, string>> }) => Promise<Response>
  async function call(handler: Handler, method: string, url: string, init: { cookie?: string; json?: unknown; form?: FormData; params?: Record<string, string> }) {
    const headers = new Headers({ origin, 'x-forwarded-for': '10.0.0.1' })
    if (init.cookie) headers.set('cookie', init.cookie)
    if (init.json !== undefined) headers.set('content-type', 'application/json')
    const request = new Request(`${origin}${url}`, { method, headers, body: init.form ?? (init.json === undefined ? undefined : JSON.stringify(init.json)) })
    return handler(request, { params: Promise.resolve(init.params ?? {}) })
  }
  async function expectStatus(response: Response, status: number, what: string) {
    if (response.status !== status) throw new Error(`${what}: HTTP ${response.status} ${(await response.text()).slice(0, 500)}`)
    return response
  }

  try {
    const ws = await app.createWorkspace('Retrieval evaluation')

    // Upload every document (multipart, several per request), then wait for the queue.
    const ingestStarted = performance.now()
    const batches: (typeof documents)[] = []
    for (const document of documents) {
      const last = batches.at(-1)
      const bytes = last?.reduce((sum, d) => sum + d.bytes.length, 0) ?? 0
      if (last && last.length < MAX_FILES_PER_UPLOAD && bytes + document.bytes.length <= MAX_BYTES_PER_UPLOAD) last.push(document)
      else batches.push([document])
    }
    for (const batch of batches) {
      const form = new FormData()
      for (const document of batch) form.append('file', new File([new Uint8Array(document.bytes)], document.name, { type: 'text/markdown' }))
      const response = await call(documentsRoute.POST, 'POST', `/api/workspaces/${ws}/documents`, { cookie, form, params: { ws } })
      await expectStatus(response, 202, `upload of ${batch.length} file(s)`)
    }
    progress(`${documents.length} file(s) uploaded in ${batches.length} request(s), processing...`)
    await kickQueue()
    // The upload route starts the queue after its answer: wait until nothing is left to process.
    for (;;) {
      const [pending] = await asService((tx) =>
        tx.query<{ n: number }>(sql`select count(*)::int as n from documents where workspace_id = ${ws} and status in ('queued', 'processing')`),
      )
      if (!pending.n) break
      await kickQueue()
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const ingestMs = performance.now() - ingestStarted
    progress(`processed in ${(ingestMs / 1000).toFixed(1)} s, asking ${questions.length} question(s)...`)
    const states = await asService((tx) =>
      tx.query<{ name: string; status: string; chunk_count: number; language: string | null; error_reason: string | null }>(sql`
        select name, status, chunk_count, language, error_reason from documents where workspace_id = ${ws} order by name`),
    )
    const notReady = states.filter((state) => state.status !== 'ready')
    if (states.length !== documents.length || notReady.length) {
      throw new Error(
        `${documents.length} file(s) uploaded, ${states.length - notReady.length} ready: ${notReady
          .slice(0, 5)
          .map((state) => `${state.name} ${state.status} ${state.error_reason ?? ''}`)
          .join('; ')}`,
      )
    }
    const chunkCount = states.reduce((sum, state) => sum + state.chunk_count, 0)
    const [longest] = await asService((tx) => tx.query<{ n: number }>(sql`select coalesce(max(char_length(content)), 0)::int as n from chunks where workspace_id = ${ws}`))

    // Every question through the search route, in each mode asked for.
    const search = async (query: string, mode: Mode | undefined) => {
      const started = performance.now()
      const response = await call(searchRoute.POST, 'POST', `/api/workspaces/${ws}/search`, { cookie, json: { query, limit: LIMIT, ...(mode ? { mode } : {}) }, params: { ws } })
      const body = await response.text()
      const took = performance.now() - started
      if (response.status !== 200) throw new Error(`search "${query}": HTTP ${response.status} ${body.slice(0, 500)}`)
      return { took, ...(JSON.parse(body) as { results: { documentName: string; text: string }[]; mode: string }) }
    }
    const modes: (Mode | undefined)[] = args.mode ? [args.mode] : embedder() ? ['lexical', 'vector', 'hybrid'] : [undefined]
    const runs: { mode: string; scores: Scores; latency: ReturnType<typeof summary> }[] = []
    for (const mode of modes) {
      for (const question of questions.slice(0, WARMUP)) await search(question.question, mode)
      const ranks: number[] = []
      const latencies: number[] = []
      const answered = new Set<string>()
      for (const question of questions) {
        const answer = await search(question.question, mode)
        latencies.push(answer.took)
        answered.add(answer.mode)
        ranks.push(firstHit(question, answer.results))
        if (ranks.length % 100 === 0 && ranks.length < questions.length) progress(`${answer.mode}: ${ranks.length} question(s) asked`)
      }
      runs.push({ mode: [...answered].join('/'), scores: score(ranks), latency: summary(latencies) })
    }

    // The plain BM25 baseline over the same paragraphs.
    const markdown = documents.map((document) => ({ name: document.name, markdown: document.bytes.toString('utf8') }))
    const languages = states.map((state) => state.language ?? detectLanguage(markdown.find((m) => m.name === state.name)!.markdown))
    const fr = languages.filter((language) => language === 'fr').length
    const en = languages.filter((language) => language === 'en').length
    const baselineLanguage = fr > en ? 'fr' : en > fr ? 'en' : 'both'
    const baseline = baselineIndex(markdown, baselineLanguage)
    const baselineLatencies: number[] = []
    const baselineScores = score(
      questions.map((question) => {
        const started = performance.now()
        const results = baseline.search(question.question, LIMIT)
        baselineLatencies.push(performance.now() - started)
        return firstHit(question, results)
      }),
    )
    const baselineLatency = summary(baselineLatencies)

    // The report.
    const f3 = (value: number) => value.toFixed(3)
    const f1 = (value: number) => `${value.toFixed(1)} ms`
    const rows = [
      ['', 'hit@1', 'hit@5', 'MRR@10', 'p50', 'p95'],
      ...runs.map(({ mode, scores, latency }) => [`Monitora (${mode}, search route)`, f3(scores.hit1), f3(scores.hit5), f3(scores.mrr), f1(latency.p50), f1(latency.p95)]),
      [`plain BM25 baseline (paragraphs, in memory)`, f3(baselineScores.hit1), f3(baselineScores.hit5), f3(baselineScores.mrr), f1(baselineLatency.p50), f1(baselineLatency.p95)],
    ]
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)))
    const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')

    console.log(`eval:retrieval on ${machine()}`)
    console.log(`data: ${args.data} (${documents.length} documents, ${questions.length} of ${allQuestions.length} questions, language ${baselineLanguage})`)
    console.log(`ingestion: ${(ingestMs / 1000).toFixed(1)} s through the upload route and queue, ${chunkCount} chunks (longest ${longest.n} chars), baseline ${baseline.units.length} paragraphs${embedder() ? `, embeddings by ${embedder()!.id}` : ''}`)
    console.log('')
    for (const row of rows) console.log(line(row))
    console.log('')
    const byMode = new Map(runs.map((run) => [run.mode, run.scores]))
    const [lexical, vector, hybrid] = (['lexical', 'vector', 'hybrid'] as const).map((mode) => byMode.get(mode))
    if (lexical && vector && hybrid) {
      const figures = [['hit@1', 'hit1'], ['hit@5', 'hit5'], ['MRR@10', 'mrr']] as const
      // Above the better of the two, by more than float noise (equal rankings may sum in another order).
      const margin = (key: (typeof figures)[number][1]) => hybrid[key] - Math.max(lexical[key], vector[key])
      const compared = figures.map(([label, key]) => {
        const best = Math.max(lexical[key], vector[key])
        return `${label} ${hybrid[key].toFixed(4)} ${margin(key) > 1e-9 ? '>' : margin(key) < -1e-9 ? '<' : '='} ${best.toFixed(4)}`
      })
      const beats = figures.every(([, key]) => margin(key) > 1e-9)
      console.log(`hybrid against the better of lexical and vector: ${compared.join(', ')}`)
      console.log(`${beats ? 'YES   ' : 'NO    '} hybrid beats both lexical and vector on hit@1, hit@5 and MRR@10`)
    }
    // The targets are the lexical search's (the single mode's when --mode asks for another).
    const ours = lexical ?? runs[0].scores
    const checks = [
      { label: `hit@1 ≥ ${TARGET_HIT1}`, ok: ours.hit1 >= TARGET_HIT1 },
      { label: `hit@5 ≥ ${TARGET_HIT5}`, ok: ours.hit5 >= TARGET_HIT5 },
      {
        label: 'at least the baseline on hit@1, hit@5 and MRR@10',
        ok: ours.hit1 >= baselineScores.hit1 && ours.hit5 >= baselineScores.hit5 && ours.mrr >= baselineScores.mrr,
      },
    ]
    for (const check of checks) console.log(`${check.ok ? 'OK    ' : 'MISSED'} ${check.label}${runs.length > 1 ? ' (lexical)' : ''}`)
    console.log(checks.every((check) => check.ok) ? 'targets met' : 'targets missed')
  } finally {
    await app.close()
  }
}

try {
  await main()
} catch (error) {
  console.error(`eval:retrieval failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  process.exitCode = 1
}
