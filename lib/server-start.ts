import { startAlertScheduler } from './alerts/scheduler'
import { interruptStaleAnswers } from './chat/answer'
import { ConfigError, config } from './config'
import { database } from './db'
import { DataDirLockedError } from './db/lock'
import { ensureDemo } from './demo'
import { kickQueue, requeueInterrupted } from './documents/pipeline'
import { housekeeping } from './housekeeping'

const HOUR = 3_600_000

export async function startServer(): Promise<void> {
  try {
    const cfg = config()
    const started = performance.now()
    await database()
    await ensureDemo()
    await housekeeping()
    // One process owns the embedded database, so whatever was under way was interrupted;
    // elsewhere another instance may still be working, so only stale work is taken back.
    await requeueInterrupted(cfg.database.kind === 'pglite' ? 0 : 600)
    await interruptStaleAnswers(cfg.database.kind === 'pglite' ? 0 : 900)
    void kickQueue()
    setInterval(() => housekeeping().catch((error) => console.error('[monitora] housekeeping failed:', error)), HOUR).unref()
    startAlertScheduler()
    const where = cfg.database.kind === 'pglite' ? `embedded PGlite in ${cfg.database.dir}` : 'Postgres (DATABASE_URL)'
    console.log(`[monitora] database ready (${where}) in ${Math.round(performance.now() - started)} ms; auth: ${cfg.supabase ? 'Supabase' : 'built-in'}; model: ${cfg.mistral ? cfg.mistral.model : 'offline'}`)
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirLockedError) {
      console.error(`\n${error.message}\n`)
      process.exit(1)
    }
    throw error
  }
}
