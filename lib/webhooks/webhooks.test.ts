/**
 * Webhooks against a real receiver on loopback: signatures checked by openssl, the refusals of
 * private and reserved addresses (literal, by DNS, after a DNS change, through a redirect), slow,
 * failing and oversized answers, and the delivery queue's retries with injected time.
 */
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorkspace, quickPerson, type Workspace } from '@/tests/support/actors'
import { webhookReceiver } from '@/tests/support/webhook-receiver'
import { asService, sql } from '@/lib/db'
import { isPublicAddress } from './address'
import { backoffSeconds, deliverDue, MAX_ATTEMPTS } from './deliver'
import { enqueueDeliveries } from '.'
import { sendWebhook, SendError } from './send'
import { sign, verify } from './sign'

let receiver: Awaited<ReturnType<typeof webhookReceiver>>
beforeAll(async () => {
  receiver = await webhookReceiver()
})
afterAll(() => receiver.close())

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(SendError)
    return (error as SendError).reason
  }
  throw new Error('expected the send to fail')
}

describe('signatures', () => {
  it('are HMAC-SHA256 over "timestamp.body", as openssl computes it', () => {
    const body = JSON.stringify({ text: 'Alerte : « contrat.pdf » ✓' })
    const signature = sign('whsec_test', 1_900_000_000, body)
    const openssl = execFileSync('openssl', ['dgst', '-sha256', '-hmac', 'whsec_test', '-hex'], { input: `1900000000.${body}` }).toString()
    expect(signature).toBe(`v1=${openssl.trim().split(' ').at(-1)}`)
    expect(verify('whsec_test', 1_900_000_000, body, signature, { now: 1_900_000_100_000 })).toBe(true)
    expect(verify('whsec_other', 1_900_000_000, body, signature, { now: 1_900_000_100_000 })).toBe(false)
    expect(verify('whsec_test', 1_900_000_000, `${body} `, signature, { now: 1_900_000_100_000 })).toBe(false)
    // An old timestamp is a replay.
    expect(verify('whsec_test', 1_900_000_000, body, signature, { now: 1_900_001_000_000 })).toBe(false)
  })
})

describe('server-side request forgery', () => {
  it('knows which addresses are private or reserved', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:a9fe:a9fe', '224.0.0.1']) {
      expect(isPublicAddress(address), address).toBe(false)
    }
    for (const address of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111']) expect(isPublicAddress(address), address).toBe(true)
    expect(isPublicAddress('not-an-address')).toBe(false)
  })

  it('refuses loopback, link-local and private hosts, literal or by DNS, before connecting', async () => {
    const before = receiver.received.length
    const port = new URL(receiver.url).port
    const strict = { allowPrivate: false }
    expect(await refusal(sendWebhook(receiver.url, '{}', {}, strict))).toBe('refused_address')
    expect(await refusal(sendWebhook(`http://localhost:${port}/hooks`, '{}', {}, strict))).toBe('refused_address')
    expect(await refusal(sendWebhook(`http://[::1]:${port}/`, '{}', {}, strict))).toBe('refused_address')
    expect(await refusal(sendWebhook(`http://[::ffff:127.0.0.1]:${port}/`, '{}', {}, strict))).toBe('refused_address')
    expect(await refusal(sendWebhook('http://169.254.169.254/latest/meta-data/', '{}', {}, strict))).toBe('refused_address')
    const internal = async () => [{ address: '10.0.0.7', family: 4 }]
    expect(await refusal(sendWebhook('https://hooks.internal.example/x', '{}', {}, { ...strict, resolve: internal }))).toBe('refused_address')
    expect(receiver.received.length).toBe(before)
  })

  it('checks the address it connects to, so a DNS answer that changes after the first check is refused', async () => {
    let calls = 0
    const rebinding = async () => (++calls === 1 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }])
    const port = new URL(receiver.url).port
    const before = receiver.received.length
    expect(await refusal(sendWebhook(`http://rebind.example:${port}/`, '{}', {}, { allowPrivate: false, resolve: rebinding }))).toBe('refused_address')
    expect(calls).toBe(2)
    expect(receiver.received.length).toBe(before)
  })

  it('never follows a redirect, to 127.0.0.1 or to the metadata address', async () => {
    for (const location of ['http://127.0.0.1:1/', 'http://169.254.169.254/latest/meta-data/']) {
      receiver.answer({ status: 302, location })
      const error = await sendWebhook(receiver.url, '{}', {}, { allowPrivate: true }).catch((caught: SendError) => caught)
      expect(error).toMatchObject({ reason: 'redirect', status: 302 })
      expect((error as Error).message).toContain(location)
    }
  })

  it('gives up on a slow receiver, reports errors, and reads at most the size cap of an answer', async () => {
    receiver.answer({ status: 200, delayMs: 2000 })
    expect(await refusal(sendWebhook(receiver.url, '{}', {}, { allowPrivate: true, timeoutMs: 200 }))).toBe('timeout')
    receiver.answer({ status: 500 })
    expect(await refusal(sendWebhook(receiver.url, '{}', {}, { allowPrivate: true }))).toBe('http_error')
    receiver.answer({ status: 200, bodyBytes: 5_000_000 })
    expect(await sendWebhook(receiver.url, '{}', {}, { allowPrivate: true, maxResponseBytes: 1024 })).toMatchObject({ status: 200 })
    expect(await refusal(sendWebhook('ftp://example.com/x', '{}', {}, { allowPrivate: true }))).toBe('invalid_url')
  })
})

describe('the delivery queue', () => {
  let secret: string
  let owner: Awaited<ReturnType<typeof quickPerson>>
  beforeAll(async () => {
    owner = await quickPerson('hooks')
  })

  /** A workspace of its own with one webhook, and one event queued for it. */
  const queue = async (url: string, now: Date) => {
    const ws: Workspace = await createWorkspace(owner)
    const [hook] = await asService((tx) =>
      tx.query<{ id: string; secret: string }>(sql`insert into webhooks (workspace_id, url, secret) values (${ws.id}, ${url}, 'whsec_queue') returning id, secret`),
    )
    secret = hook.secret
    await asService((tx) => enqueueDeliveries(tx, [{ workspaceId: ws.id, event: 'alert.raised', payload: { text: 'Une alerte', data: { n: 1 } } }], now))
    const [delivery] = await asService((tx) => tx.query<{ id: string }>(sql`select id from webhook_deliveries where webhook_id = ${hook.id}`))
    return { hookId: hook.id, deliveryId: delivery.id }
  }
  const deliveryRow = (id: string) =>
    asService((tx) =>
      tx.query<{ status: string; attempts: number; next_attempt_at: Date | null; response_status: number | null; last_error: string | null }>(sql`
        select status, attempts, next_attempt_at, response_status, last_error from webhook_deliveries where id = ${id}`),
    ).then((rows) => rows[0])
  const loopback = { sendOptions: { allowPrivate: true } }

  it('sends a signed, Slack-compatible body once', async () => {
    receiver.answer({ status: 200 })
    const now = new Date('2031-01-01T00:00:00Z')
    const { deliveryId } = await queue(receiver.url, now)
    const before = receiver.received.length
    expect(await deliverDue({ now, ...loopback })).toEqual({ delivered: 1, retrying: 0, failed: 0 })
    expect(await deliverDue({ now, ...loopback })).toEqual({ delivered: 0, retrying: 0, failed: 0 })
    const sent = receiver.received.slice(before)
    expect(sent).toHaveLength(1)
    const [{ headers, body }] = sent
    expect(JSON.parse(body)).toEqual({ text: 'Une alerte', data: { n: 1 } })
    expect(headers['x-monitora-event']).toBe('alert.raised')
    expect(headers['x-monitora-delivery']).toBe(deliveryId)
    const timestamp = Number(headers['x-monitora-timestamp'])
    expect(timestamp).toBe(now.getTime() / 1000)
    const openssl = execFileSync('openssl', ['dgst', '-sha256', '-hmac', secret, '-hex'], { input: `${timestamp}.${body}` }).toString().trim().split(' ').at(-1)
    expect(headers['x-monitora-signature']).toBe(`v1=${openssl}`)
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: 'delivered', attempts: 1, response_status: 200, last_error: null })
  })

  it('retries a receiver that is down for a day with growing delays, and delivers once it is back', async () => {
    receiver.answer({ status: 503 })
    let now = new Date('2031-02-01T00:00:00Z')
    const start = now.getTime()
    const { deliveryId } = await queue(receiver.url, now)
    const delays: number[] = []
    while (now.getTime() - start < 24 * 3600_000) {
      expect(await deliverDue({ now, ...loopback })).toMatchObject({ delivered: 0, retrying: 1 })
      const row = await deliveryRow(deliveryId)
      expect(row).toMatchObject({ status: 'pending', response_status: 503 })
      // Nothing is sent before it is due.
      expect(await deliverDue({ now: new Date(row.next_attempt_at!.getTime() - 1000), ...loopback })).toMatchObject({ retrying: 0 })
      delays.push((row.next_attempt_at!.getTime() - now.getTime()) / 1000)
      now = row.next_attempt_at!
    }
    expect(delays.slice(0, 5)).toEqual([60, 120, 240, 480, 960])
    expect(Math.max(...delays)).toBe(4 * 3600)
    receiver.answer({ status: 204 })
    expect(await deliverDue({ now, ...loopback })).toMatchObject({ delivered: 1 })
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: 'delivered', attempts: delays.length + 1 })
  })

  it('marks a delivery failed after the last attempt, keeping why', async () => {
    receiver.answer({ status: 500 })
    let now = new Date('2031-03-01T00:00:00Z')
    const { deliveryId } = await queue(receiver.url, now)
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const result = await deliverDue({ now, ...loopback })
      expect(result).toMatchObject(attempt < MAX_ATTEMPTS ? { retrying: 1 } : { failed: 1 })
      now = new Date(now.getTime() + backoffSeconds(attempt) * 1000)
    }
    const row = await deliveryRow(deliveryId)
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, response_status: 500, next_attempt_at: null })
    expect(row.last_error).toContain('500')
    const total = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => backoffSeconds(i + 1)).reduce((a, b) => a + b, 0)
    expect(total / 3600).toBeGreaterThan(24)
    expect(await deliverDue({ now: new Date(now.getTime() + 86_400_000), ...loopback })).toMatchObject({ delivered: 0, retrying: 0, failed: 0 })
  })

  it('refuses private addresses in the queue too unless WEBHOOK_ALLOW_PRIVATE_HOSTS lifts it', async () => {
    const now = new Date('2031-04-01T00:00:00Z')
    const before = receiver.received.length
    const { deliveryId } = await queue(receiver.url, now)
    expect(await deliverDue({ now, sendOptions: { allowPrivate: false } })).toMatchObject({ retrying: 1 })
    expect((await deliveryRow(deliveryId)).last_error).toMatch(/private or reserved/)
    expect(receiver.received.length).toBe(before)
  })
})
