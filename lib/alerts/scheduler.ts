import { runDueReports } from '../analytics/reports'
import { config } from '../config'
import { inBackground } from '../db'
import { deliverDue } from '../webhooks/deliver'
import { evaluateAlerts } from './evaluate'

/** One scheduled cycle: evaluate every workspace's rules, make the weekly reports that are due, then send the webhook deliveries that are due. */
export async function runAlertCycle(now: Date = new Date()) {
  const started = performance.now()
  const alerts = await evaluateAlerts(now)
  const reports = (await runDueReports(now)).length
  const deliveries = await deliverDue()
  return { ...alerts, reports, deliveries, ms: Math.round(performance.now() - started) }
}

/**
 * The in-process scheduler of a long-running server (the embedded default): a cycle every
 * ALERTS_INTERVAL_MINUTES (5 by default), and due webhook retries every minute in between.
 * Serverless hosts call GET /api/cron/alerts instead (vercel.json).
 */
export function startAlertScheduler(): void {
  const { alertsIntervalMs } = config()
  if (!alertsIntervalMs) return
  let running = false
  const guarded = (work: () => Promise<unknown>) => () => {
    if (running) return
    running = true
    void inBackground(work)
      .catch((error) => console.error('[alerts] the scheduled cycle failed:', error))
      .finally(() => (running = false))
  }
  setInterval(guarded(runAlertCycle), alertsIntervalMs).unref()
  setInterval(guarded(deliverDue), 60_000).unref()
}
