import { config } from '../config'
import { asService, inBackground, sql } from '../db'
import { sendWebhook, SendError, type SendOptions } from './send'
import { sign, signatureHeader, timestampHeader } from './sign'

/**
 * The delivery queue: due deliveries are claimed (a lease, so two instances never send one
 * twice at once), sent outside any transaction, and recorded. A failure is retried after
 * 1, 2, 4 … minutes, at most 4 hours apart; after MAX_ATTEMPTS (about 28 hours of trying) the
 * delivery is marked failed. The event itself stays in the app whatever the receiver does.
 */
export const MAX_ATTEMPTS = 14
const LEASE_SECONDS = 120
const BATCH = 20

/** Seconds to wait after the n-th failed attempt. */
export const backoffSeconds = (attempts: number) => Math.min(60 * 2 ** (attempts - 1), 4 * 3600)

type Claimed = { id: string; event: string; payload: unknown; attempts: number; url: string; secret: string; enabled: boolean }

export interface DeliverOptions {
  now?: Date
  send?: typeof sendWebhook
  sendOptions?: Partial<SendOptions>
}

/** Sends every due delivery once (in batches); answers how many were delivered and failed for good. */
export async function deliverDue(options: DeliverOptions = {}): Promise<{ delivered: number; retrying: number; failed: number }> {
  const totals = { delivered: 0, retrying: 0, failed: 0 }
  const seen = new Set<string>()
  for (;;) {
    const now = options.now ?? new Date()
    const claimed = (
      await asService((tx) =>
        tx.query<Claimed>(sql`
          with due as (
            select id from webhook_deliveries where status = 'pending' and next_attempt_at <= ${now}
             order by next_attempt_at, id limit ${BATCH} for update skip locked
          )
          update webhook_deliveries d
             set attempts = d.attempts + 1, last_attempt_at = ${now}, next_attempt_at = ${now}::timestamptz + make_interval(secs => ${LEASE_SECONDS})
            from due, webhooks h
           where d.id = due.id and h.id = d.webhook_id
          returning d.id, d.event, d.payload, d.attempts, h.url, h.secret, h.enabled`),
      )
    ).filter((row) => !seen.has(row.id))
    if (!claimed.length) return totals
    await Promise.all(
      claimed.map(async (delivery) => {
        seen.add(delivery.id)
        const outcome = await attempt(delivery, options, now)
        totals[outcome]++
      }),
    )
  }
}

async function attempt(delivery: Claimed, options: DeliverOptions, now: Date): Promise<'delivered' | 'retrying' | 'failed'> {
  let status: number | null = null
  let error: string | null = null
  if (!delivery.enabled) error = 'The webhook is disabled.'
  else {
    const body = JSON.stringify(delivery.payload)
    const timestamp = Math.floor(now.getTime() / 1000)
    try {
      const sent = await (options.send ?? sendWebhook)(
        delivery.url,
        body,
        {
          'content-type': 'application/json',
          'user-agent': 'Monitora-Webhooks/1.0',
          'x-monitora-event': delivery.event,
          'x-monitora-delivery': delivery.id,
          [timestampHeader]: String(timestamp),
          [signatureHeader]: sign(delivery.secret, timestamp, body),
        },
        { allowPrivate: config().webhookAllowPrivateHosts, ...options.sendOptions },
      )
      status = sent.status
    } catch (caught) {
      error = caught instanceof SendError ? caught.message : `The webhook could not be reached: ${(caught as Error).message}`
      status = caught instanceof SendError ? caught.status : null
    }
  }
  const outcome = error === null ? 'delivered' : !delivery.enabled || delivery.attempts >= MAX_ATTEMPTS ? 'failed' : 'retrying'
  await asService((tx) =>
    tx.query(sql`
      update webhook_deliveries
         set status = ${outcome === 'retrying' ? 'pending' : outcome}, response_status = ${status}, last_error = ${error},
             delivered_at = ${outcome === 'delivered' ? now : null},
             next_attempt_at = ${outcome === 'retrying' ? new Date(now.getTime() + backoffSeconds(delivery.attempts) * 1000) : null}
       where id = ${delivery.id}`),
  )
  return outcome
}

const state = globalThis as typeof globalThis & { monitoraDeliveries?: { running: Promise<void> | null; again: boolean } }

/** Sends what is due now, in the background of this process; a second kick while running runs it again after. */
export function kickDeliveries(): Promise<void> {
  const queue = (state.monitoraDeliveries ??= { running: null, again: false })
  if (queue.running) {
    queue.again = true
    return queue.running
  }
  queue.running = inBackground(async () => {
    try {
      do {
        queue.again = false
        await deliverDue()
      } while (queue.again)
    } catch (error) {
      console.error('[webhooks] delivering failed:', error)
    } finally {
      queue.running = null
    }
  })
  return queue.running
}
