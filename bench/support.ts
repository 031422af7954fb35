import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'

export const root = path.resolve(import.meta.dirname, '..')

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, index)]
}

export function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1)!, mean }
}

export const ms = (value: number) => `${value.toFixed(2)} ms`

export function machine(): string {
  return `${process.platform} ${process.arch}, Node ${process.version}, ${(globalThis.navigator?.hardwareConcurrency ?? 0) || '?'} cores`
}

export function requireBuild() {
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.error('No build found: run `npm run build` first.')
    process.exit(1)
  }
}

/** `npm start` as a person runs it (scripts/start.mjs), on a given port and data folder. */
export function startServer(port: number, dataDir: string): ChildProcess {
  return spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

export async function waitForHealth(url: string, timeoutMs: number): Promise<number> {
  const started = performance.now()
  while (performance.now() - started < timeoutMs) {
    try {
      const response = await fetch(url)
      if (response.status === 200) return performance.now() - started
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`)
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/**
 * Realistic text for benchmarks: the sentences (of more than 30 characters) and the questions of
 * the retrieval evaluation sets in ../shared/data/rag-sample.
 */
export function ragSample(sets = ['en', 'fr-large']): { sentences: string[]; questions: string[] } {
  const folder = existsSync('/work/shared/data/rag-sample') ? '/work/shared/data/rag-sample' : path.resolve(root, '..', 'shared', 'data', 'rag-sample')
  const sentences = sets.flatMap((set) =>
    readdirSync(path.join(folder, set, 'docs')).flatMap((file) =>
      readFileSync(path.join(folder, set, 'docs', file), 'utf8')
        .split(/\n\s*\n/)
        .filter((p) => !p.startsWith('#'))
        .flatMap((p) => p.split(/(?<=[.!?])\s+/))
        .filter((s) => s.length > 30),
    ),
  )
  const questions = sets.flatMap((set) =>
    readFileSync(path.join(folder, set, 'questions.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).question as string),
  )
  return { sentences, questions }
}

/** A deterministic pseudo-random sequence, so that every run builds the same data. */
export function seeded(seed = 42) {
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]
  return { random, pick }
}
