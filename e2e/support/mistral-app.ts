import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseSources } from '../../lib/ai/sources'
import { lastUserText, messageText, startFakeMistral, type FakeMistral } from '../../tests/support/fake-mistral'

/**
 * A second app for the chat journeys, its answers written by the real @ai-sdk/mistral provider
 * talking to a scripted Mistral on loopback. That "model" answers from the sources it is given,
 * citing them, at a steady pace a person can stop; a question asking for details gets a long one.
 */
export const MISTRAL_APP_PORT = Number(process.env.E2E_PORT ?? 3100) + 2

/**
 * Asked for a table (or a chart), the "model" calls the canvas tool as a real one would: the table
 * of its first source, or a chart of the table the instructions list; once the tool answered, it
 * says so in one sentence.
 */
function canvasReply(body: any, system: string) {
  const question = lastUserText(body)
  const wantsChart = /chart|graphique/i.test(question)
  if (!wantsChart && !/table|tableau/i.test(question)) return null
  if (body.messages.at(-1)?.role === 'tool') return { text: wantsChart ? 'The chart is in the canvas [1].' : 'The table is in the canvas [1].', chunkSize: 4, delayMs: 15 }
  const table = /^- ([0-9a-f-]{36}) \(table\)/m.exec(system)?.[1]
  const call = wantsChart && table
    ? { name: 'createArtifact', arguments: { kind: 'chart', title: 'Sales by month', fromArtifact: table, content: { chartType: 'bar', x: 'Month', series: ['Sales'] } } }
    : { name: 'createArtifact', arguments: { kind: 'table', title: 'Sales by month', fromSource: parseSources(system).find((source) => source.documentName.endsWith('.csv'))?.n ?? 1 } }
  return { text: 'Let me put that in the canvas. ', chunkSize: 4, delayMs: 40, toolCalls: [call] }
}

function answerFromSources(body: any) {
  const system = messageText(body.messages?.[0]?.content)
  if (system.startsWith('Write a title')) return { text: lastUserText(body).split(/\s+/).slice(0, 5).join(' ') }
  const canvas = canvasReply(body, system)
  if (canvas) return canvas
  const sources = parseSources(system)
  if (!sources.length) return { text: 'The documents do not say.', chunkSize: 4, delayMs: 15 }
  const sentences = sources.flatMap((source) => source.text.split(/(?<=[.!?])\s+|\n+/).filter((line) => line.trim() && !line.startsWith('#')).map((line) => `${line.trim()} [${source.n}]`))
  const detailed = /detail|détail/i.test(lastUserText(body))
  return detailed ? { text: [sentences.join(' '), sentences.join(' ')].join('\n\n'), chunkSize: 6, delayMs: 25 } : { text: sentences.slice(0, 2).join(' '), chunkSize: 4, delayMs: 15 }
}

export async function startMistralApp(): Promise<{ fake: FakeMistral; server: ChildProcess; url: string }> {
  const fake = await startFakeMistral()
  fake.defaultReply = answerFromSources
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'monitora-e2e-mistral-'))
  const server = spawn(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(MISTRAL_APP_PORT), '-H', '127.0.0.1'], {
    env: { ...process.env, DATA_DIR: dataDir, MISTRAL_API_KEY: 'e2e', MISTRAL_BASE_URL: fake.baseURL, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${MISTRAL_APP_PORT}`
  const started = Date.now()
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 120_000) throw new Error('the Mistral-backed app did not start')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return { fake, server, url }
}
