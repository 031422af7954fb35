/**
 * The event side through the real routes: a failing upload raises one alert, delivered once to a
 * webhook receiver on loopback and notified to owners and admins; the scheduler route's secret;
 * rules, alerts, webhooks, notifications and the activity feed, with bad input and a tenancy
 * matrix (another workspace's alert, rule or webhook is 404, refused calls change no row).
 */
process.env.CRON_SECRET = 'cron-secret-for-the-tests-0123456789'
process.env.WEBHOOK_ALLOW_PRIVATE_HOSTS = 'true'
process.env.ALERTS_INTERVAL_MINUTES = '0'

import { beforeAll, afterAll, describe, expect, it } from 'vitest'
import * as cronRoute from '@/app/api/cron/alerts/route'
import * as notificationReadRoute from '@/app/api/notifications/[id]/read/route'
import * as readAllRoute from '@/app/api/notifications/read-all/route'
import * as notificationsRoute from '@/app/api/notifications/route'
import * as widgetChatRoute from '@/app/api/widget/chat/route'
import * as widgetConfigRoute from '@/app/api/widget/config/route'
import * as myActivityRoute from '@/app/api/activity/route'
import * as activityRoute from '@/app/api/workspaces/[ws]/activity/route'
import * as ruleRoute from '@/app/api/workspaces/[ws]/alert-rules/[kind]/route'
import * as rulesRoute from '@/app/api/workspaces/[ws]/alert-rules/route'
import * as alertRoute from '@/app/api/workspaces/[ws]/alerts/[alertId]/route'
import * as alertsRoute from '@/app/api/workspaces/[ws]/alerts/route'
import * as deliveriesRoute from '@/app/api/workspaces/[ws]/webhooks/[webhookId]/deliveries/route'
import * as webhookRoute from '@/app/api/workspaces/[ws]/webhooks/[webhookId]/route'
import * as testRoute from '@/app/api/workspaces/[ws]/webhooks/[webhookId]/test/route'
import * as webhooksRoute from '@/app/api/workspaces/[ws]/webhooks/route'
import { asService, sql } from '@/lib/db'
import { kickDeliveries } from '@/lib/webhooks/deliver'
import { verify } from '@/lib/webhooks/sign'
import { createKey, randomIp, revokeKey, twoWorkspaces, type Key, type Person, type Workspace } from '@/tests/support/actors'
import { addDocuments, question } from '@/tests/support/chat'
import { call, outcome, type CallOptions } from '@/tests/support/http'
import { webhookReceiver } from '@/tests/support/webhook-receiver'
import { configureWidget, widgetCall } from '@/tests/support/widget'

let ownerA: Person, adminA: Person, memberA: Person, viewerA: Person, ownerB: Person
let A: Workspace, B: Workspace
let secretA: Key, publicA: Key, secretB: Key
let receiver: Awaited<ReturnType<typeof webhookReceiver>>
let webhookA: { id: string; secret: string }
let alertA: string

const cron = (authorization?: string) => call(cronRoute.GET, 'GET', '/api/cron/alerts', { headers: authorization ? { authorization } : {} })
const runCycle = async () => {
  const response = await cron(`Bearer ${process.env.CRON_SECRET}`)
  expect(outcome(response), response.text).toBe('200')
  return response.json
}

beforeAll(async () => {
  ;({ ownerA, adminA, memberA, viewerA, ownerB, A, B, secretA, publicA, secretB } = await twoWorkspaces())
  receiver = await webhookReceiver()
  const created = await call(webhooksRoute.POST, 'POST', '/x', { cookie: ownerA.cookie, params: { ws: A.id }, body: { url: receiver.url, description: 'Ops channel' } })
  expect(outcome(created), created.text).toBe('201')
  webhookA = created.json
})
afterAll(() => receiver.close())

describe('a failing document', () => {
  it('raises one alert, delivered once to the webhook and notified to the owners and admins', async () => {
    await addDocuments(ownerA, A.id, { 'broken.pdf': '%PDF-1.7 this is not really a PDF' })
    const first = await runCycle()
    expect(first).toMatchObject({ raised: 1, resolved: 0, deliveries: { delivered: 1, retrying: 0, failed: 0 } })
    expect(await runCycle()).toMatchObject({ raised: 0, deliveries: { delivered: 0 } })

    expect(receiver.received).toHaveLength(1)
    const [{ headers, body }] = receiver.received
    const payload = JSON.parse(body)
    expect(payload).toMatchObject({ event: 'alert.raised', workspace: { id: A.id }, data: { kind: 'document_failures', subjectName: 'broken.pdf' } })
    expect(payload.text).toContain('broken.pdf')
    expect(payload.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } })
    expect(verify(webhookA.secret, Number(headers['x-monitora-timestamp']), body, String(headers['x-monitora-signature']))).toBe(true)

    const alerts = await call(alertsRoute.GET, 'GET', '/x', { cookie: viewerA.cookie, params: { ws: A.id }, query: { status: 'active' } })
    expect(alerts.json.items).toHaveLength(1)
    expect(alerts.json.items[0]).toMatchObject({ kind: 'document_failures', status: 'open', subjectName: 'broken.pdf' })
    alertA = alerts.json.items[0].id

    for (const person of [ownerA, adminA]) {
      const mine = await call(notificationsRoute.GET, 'GET', '/x', { cookie: person.cookie })
      expect(mine.json.unread).toBe(1)
      expect(mine.json.items[0]).toMatchObject({ alertId: alertA, alertKind: 'document_failures', subjectName: 'broken.pdf', workspace: { id: A.id }, readAt: null })
    }
    for (const person of [memberA, viewerA, ownerB]) expect((await call(notificationsRoute.GET, 'GET', '/x', { cookie: person.cookie })).json).toMatchObject({ unread: 0, items: [] })

    const feed = await call(activityRoute.GET, 'GET', '/x', { cookie: viewerA.cookie, params: { ws: A.id } })
    expect(feed.json.items.slice(0, 3).map((item: { kind: string; subjectName: string }) => [item.kind, item.subjectName])).toEqual([
      ['alert.raised', 'broken.pdf'],
      ['document.failed', 'broken.pdf'],
      ['document.uploaded', 'broken.pdf'],
    ])
    expect(feed.json.items[2].actor).toMatchObject({ id: ownerA.id, email: ownerA.email })
  })

  it('is acknowledged, then resolved, by an admin; a viewer may only read it', async () => {
    const patch = (person: Person, status: string, id = alertA) => call(alertRoute.PATCH, 'PATCH', '/x', { cookie: person.cookie, params: { ws: A.id, alertId: id }, body: { status } })
    expect(outcome(await patch(viewerA, 'acknowledged'))).toBe('403 forbidden:workspace')
    expect((await patch(adminA, 'acknowledged')).json).toMatchObject({ status: 'acknowledged', resolvedAt: null })
    const resolved = await call(alertRoute.PATCH, 'PATCH', '/x', { bearer: secretA.token, params: { ws: A.id, alertId: alertA }, body: { status: 'resolved' } })
    expect(resolved.json).toMatchObject({ status: 'resolved', resolution: 'manual' })
    expect(outcome(await patch(adminA, 'acknowledged'))).toBe('409 conflict:alert')
    expect(outcome(await patch(adminA, 'closed'))).toBe('400 bad_request:api')
    // Resolved by hand while the document is still failed: the next cycle leaves it resolved.
    expect(await runCycle()).toMatchObject({ raised: 0 })
    const history = await call(alertsRoute.GET, 'GET', '/x', { cookie: viewerA.cookie, params: { ws: A.id }, query: { status: 'resolved' } })
    expect(history.json.items.map((a: { id: string }) => a.id)).toEqual([alertA])
  })
})

describe('the scheduler route', () => {
  it('answers 401 without the cron secret', async () => {
    for (const header of [undefined, 'Bearer wrong', `Bearer ${process.env.CRON_SECRET}x`, `Basic ${process.env.CRON_SECRET}`, `Bearer ${secretA.token}`]) {
      expect(outcome(await cron(header))).toBe('401 unauthorized:cron')
    }
  })
})

describe('notifications', () => {
  it('are marked read one by one or all at once, only by their person', async () => {
    const ownerList = await call(notificationsRoute.GET, 'GET', '/x', { cookie: ownerA.cookie })
    const id = ownerList.json.items[0].id
    expect(outcome(await call(notificationReadRoute.POST, 'POST', '/x', { cookie: adminA.cookie, params: { id } }))).toBe('404 not_found:notification')
    expect(outcome(await call(notificationReadRoute.POST, 'POST', '/x', { cookie: ownerA.cookie, params: { id: 'nope' } }))).toBe('400 bad_request:api')
    expect(outcome(await call(notificationReadRoute.POST, 'POST', '/x', { cookie: ownerA.cookie, params: { id } }))).toBe('204')
    expect((await call(notificationsRoute.GET, 'GET', '/x', { cookie: ownerA.cookie })).json).toMatchObject({ unread: 0 })
    expect((await call(notificationsRoute.GET, 'GET', '/x', { cookie: adminA.cookie })).json.unread).toBe(1)
    expect((await call(readAllRoute.POST, 'POST', '/x', { cookie: adminA.cookie })).json).toEqual({ marked: 1 })
    const unreadOnly = await call(notificationsRoute.GET, 'GET', '/x', { cookie: adminA.cookie, query: { unread: 'true' } })
    expect(unreadOnly.json).toMatchObject({ items: [], unread: 0 })
    expect(outcome(await call(notificationsRoute.GET, 'GET', '/x', { bearer: secretA.token }))).toBe('403 forbidden:key')
  })
})

describe('rules', () => {
  const patchRule = (body: unknown, kind = 'unanswered_rate', person = adminA) => call(ruleRoute.PATCH, 'PATCH', '/x', { cookie: person.cookie, params: { ws: A.id, kind }, body })

  it('list their defaults, change and go back to them', async () => {
    const rules = await call(rulesRoute.GET, 'GET', '/x', { cookie: adminA.cookie, params: { ws: A.id } })
    expect(rules.json.items.map((rule: { kind: string }) => rule.kind)).toEqual(['unanswered_rate', 'negative_feedback', 'document_failures', 'rate_limited', 'provider_errors'])
    expect(rules.json.items[0]).toEqual({ kind: 'unanswered_rate', enabled: true, threshold: 0.5, windowMinutes: 60, minSamples: 10, custom: false })
    expect((await patchRule({ threshold: 0.3, windowMinutes: 120 })).json).toEqual({ kind: 'unanswered_rate', enabled: true, threshold: 0.3, windowMinutes: 120, minSamples: 10, custom: true })
    expect((await patchRule({ enabled: false }, 'rate_limited')).json).toMatchObject({ enabled: false, threshold: 50 })
    expect((await patchRule({ reset: true })).json).toMatchObject({ threshold: 0.5, custom: false })
  })

  it('refuse invalid settings with a reason', async () => {
    expect(outcome(await patchRule({ threshold: 2 }))).toBe('422 unprocessable:alert')
    expect(outcome(await patchRule({ threshold: 2.5 }, 'negative_feedback'))).toBe('422 unprocessable:alert')
    expect(outcome(await patchRule({ threshold: 0 }, 'provider_errors'))).toBe('422 unprocessable:alert')
    for (const body of [{}, { threshold: -1 }, { windowMinutes: 1 }, { windowMinutes: 99999 }, { windowMinutes: 7.5 }, { enabled: 'yes' }, { colour: 'red' }, { reset: true, enabled: true }]) {
      expect(outcome(await patchRule(body)), JSON.stringify(body)).toBe('400 bad_request:api')
    }
    expect(outcome(await patchRule({ enabled: true }, 'everything'))).toBe('400 bad_request:api')
    expect(outcome(await patchRule({ enabled: true }, 'unanswered_rate', memberA))).toBe('403 forbidden:workspace')
  })
})

describe('webhooks', () => {
  it('refuse URLs that are not http(s) or carry credentials', async () => {
    for (const url of ['not a url', 'ftp://example.com/hook', 'javascript:alert(1)', 'https://user:pass@example.com/hook', `https://example.com/${'x'.repeat(2000)}`]) {
      const response = await call(webhooksRoute.POST, 'POST', '/x', { cookie: ownerA.cookie, params: { ws: A.id }, body: { url } })
      expect(outcome(response), url).toBe('400 bad_request:api')
    }
  })

  it('send a test on demand and keep a delivery log', async () => {
    const before = receiver.received.length
    const test = await call(testRoute.POST, 'POST', '/x', { cookie: adminA.cookie, params: { ws: A.id, webhookId: webhookA.id } })
    expect(outcome(test), test.text).toBe('202')
    await kickDeliveries()
    expect(receiver.received.length).toBe(before + 1)
    expect(JSON.parse(receiver.received.at(-1)!.body)).toMatchObject({ event: 'webhook.test' })
    const log = await call(deliveriesRoute.GET, 'GET', '/x', { cookie: adminA.cookie, params: { ws: A.id, webhookId: webhookA.id } })
    expect(log.json.items.map((d: { event: string; status: string }) => [d.event, d.status])).toEqual([
      ['webhook.test', 'delivered'],
      ['alert.raised', 'delivered'],
    ])
  })

  it('are changed, disabled and their secret rotated', async () => {
    const patch = (body: unknown) => call(webhookRoute.PATCH, 'PATCH', '/x', { cookie: adminA.cookie, params: { ws: A.id, webhookId: webhookA.id }, body })
    const rotated = await patch({ rotateSecret: true, description: 'Renamed' })
    expect(rotated.json).toMatchObject({ description: 'Renamed', enabled: true })
    expect(rotated.json.secret).not.toBe(webhookA.secret)
    expect(rotated.json.secret).toMatch(/^whsec_/)
    expect((await patch({ enabled: false })).json.enabled).toBe(false)
    expect((await patch({ enabled: true })).json.enabled).toBe(true)
    expect(outcome(await patch({}))).toBe('400 bad_request:api')
    expect(outcome(await patch({ url: 'gopher://x' }))).toBe('400 bad_request:api')
  })
})

describe('the activity feed', () => {
  it('records keys created and revoked (for admins) and members added', async () => {
    const key = await createKey(ownerA, A.id, 'secret', 'Zapier')
    await revokeKey(ownerA, A.id, key.id)
    const admin = await call(activityRoute.GET, 'GET', '/x', { cookie: adminA.cookie, params: { ws: A.id }, query: { limit: '100' } })
    const kinds = admin.json.items.map((item: { kind: string; subjectName: string }) => `${item.kind} ${item.subjectName}`)
    expect(kinds.slice(0, 2)).toEqual(['key.revoked Zapier', 'key.created Zapier'])
    expect(kinds).toContain(`member.added ${viewerA.email}`)
    const viewer = await call(activityRoute.GET, 'GET', '/x', { cookie: viewerA.cookie, params: { ws: A.id }, query: { limit: '100' } })
    expect(viewer.json.items.some((item: { kind: string }) => item.kind.startsWith('key.'))).toBe(false)
    expect(viewer.json.items.length).toBe(admin.json.items.length - kinds.filter((k: string) => k.startsWith('key.')).length)
    const page = await call(activityRoute.GET, 'GET', '/x', { cookie: adminA.cookie, params: { ws: A.id }, query: { limit: '2' } })
    const next = await call(activityRoute.GET, 'GET', '/x', { cookie: adminA.cookie, params: { ws: A.id }, query: { limit: '2', cursor: page.json.nextCursor } })
    expect(next.json.items[0].id).toBe(admin.json.items[2].id)
  })

  it('gathers every workspace of a person on the home, and nobody else’s', async () => {
    await createKey(ownerB, B.id, 'secret', 'Bravo robot')
    const mine = async (cookie: string) => (await call(myActivityRoute.GET, 'GET', '/api/activity', { cookie, query: { limit: '100' } })).json.items as { kind: string; subjectName: string; workspace: { id: string } }[]
    const ofOwnerB = await mine(ownerB.cookie)
    expect(ofOwnerB.some((item) => item.subjectName === 'Bravo robot')).toBe(true)
    expect(ofOwnerB.every((item) => item.workspace.id === B.id)).toBe(true)
    const ofViewerA = await mine(viewerA.cookie)
    expect(ofViewerA.length).toBeGreaterThan(0)
    expect(ofViewerA.every((item) => item.workspace.id === A.id && !item.kind.startsWith('key.'))).toBe(true)
    // A key belongs to one workspace, not to a person: the home's feed is not for it.
    expect((await call(myActivityRoute.GET, 'GET', '/api/activity', { bearer: secretA.token })).status).toBe(403)
  })
})

describe('widget refusals', () => {
  it('are counted per workspace for the rate_limited rule', async () => {
    await configureWidget(ownerA, A.id, { allowedDomains: ['shop.example.com'], widget: { visitorMessagesPerMinute: 1 } })
    const ip = randomIp()
    const config = await widgetCall(widgetConfigRoute.GET, 'GET', '/api/widget/config', { key: publicA.token, ip })
    const token = config.json.visitorToken
    const ask = () => widgetCall(widgetChatRoute.POST, 'POST', '/api/widget/chat', { key: publicA.token, token, body: { message: question('Hello?') }, ip })
    const first = await ask()
    expect(first.status, first.text).toBe(200)
    expect(outcome(await ask())).toBe('429 rate_limited:widget')
    expect(outcome(await ask())).toBe('429 rate_limited:widget')
    const [row] = await asService((tx) => tx.query<{ n: number }>(sql`select sum(refusals)::int as n from rate_limit_refusals where workspace_id = ${A.id}`))
    expect(row.n).toBe(2)
  })
})

describe('tenancy', () => {
  type Actor = 'ownerB' | 'secretKeyB' | 'memberA' | 'viewerA' | 'publicKeyA' | 'anonymous'
  const as = (actor: Actor): CallOptions =>
    ({
      ownerB: { cookie: ownerB.cookie },
      secretKeyB: { bearer: secretB.token },
      memberA: { cookie: memberA.cookie },
      viewerA: { cookie: viewerA.cookie },
      publicKeyA: { bearer: publicA.token },
      anonymous: {},
    })[actor]

  const rows = () =>
    asService(async (tx) => ({
      alerts: await tx.query(sql`select * from alerts where workspace_id = ${A.id} order by id`),
      rules: await tx.query(sql`select * from alert_rules where workspace_id = ${A.id} order by kind`),
      webhooks: await tx.query(sql`select * from webhooks where workspace_id = ${A.id} order by id`),
      deliveries: await tx.query(sql`select * from webhook_deliveries where workspace_id = ${A.id} order by id`),
      notifications: await tx.query(sql`select * from notifications where workspace_id = ${A.id} order by id`),
      activity: await tx.query(sql`select * from activity where workspace_id = ${A.id} order by id`),
    }))

  const routes = () =>
    ({
      'list alerts': (o: CallOptions) => call(alertsRoute.GET, 'GET', '/x', { ...o, params: { ws: A.id } }),
      'resolve alert': (o: CallOptions) => call(alertRoute.PATCH, 'PATCH', '/x', { ...o, params: { ws: A.id, alertId: alertA }, body: { status: 'acknowledged' } }),
      'alert of A through B': (o: CallOptions) => call(alertRoute.PATCH, 'PATCH', '/x', { ...o, params: { ws: B.id, alertId: alertA }, body: { status: 'resolved' } }),
      'list rules': (o: CallOptions) => call(rulesRoute.GET, 'GET', '/x', { ...o, params: { ws: A.id } }),
      'change rule': (o: CallOptions) => call(ruleRoute.PATCH, 'PATCH', '/x', { ...o, params: { ws: A.id, kind: 'negative_feedback' }, body: { threshold: 1 } }),
      'list webhooks': (o: CallOptions) => call(webhooksRoute.GET, 'GET', '/x', { ...o, params: { ws: A.id } }),
      'add webhook': (o: CallOptions) => call(webhooksRoute.POST, 'POST', '/x', { ...o, params: { ws: A.id }, body: { url: 'https://evil.example/hook' } }),
      'change webhook': (o: CallOptions) => call(webhookRoute.PATCH, 'PATCH', '/x', { ...o, params: { ws: A.id, webhookId: webhookA.id }, body: { url: 'https://evil.example/hook' } }),
      'webhook of A through B': (o: CallOptions) => call(webhookRoute.PATCH, 'PATCH', '/x', { ...o, params: { ws: B.id, webhookId: webhookA.id }, body: { enabled: false } }),
      'delete webhook': (o: CallOptions) => call(webhookRoute.DELETE, 'DELETE', '/x', { ...o, params: { ws: A.id, webhookId: webhookA.id } }),
      'test webhook': (o: CallOptions) => call(testRoute.POST, 'POST', '/x', { ...o, params: { ws: A.id, webhookId: webhookA.id } }),
      deliveries: (o: CallOptions) => call(deliveriesRoute.GET, 'GET', '/x', { ...o, params: { ws: A.id, webhookId: webhookA.id } }),
      activity: (o: CallOptions) => call(activityRoute.GET, 'GET', '/x', { ...o, params: { ws: A.id } }),
    }) as const

  const expected: Record<Actor, Record<keyof ReturnType<typeof routes>, string>> = {
    ownerB: {
      'list alerts': '404 not_found:workspace', 'resolve alert': '404 not_found:workspace', 'alert of A through B': '404 not_found:alert',
      'list rules': '404 not_found:workspace', 'change rule': '404 not_found:workspace', 'list webhooks': '404 not_found:workspace',
      'add webhook': '404 not_found:workspace', 'change webhook': '404 not_found:workspace', 'webhook of A through B': '404 not_found:webhook',
      'delete webhook': '404 not_found:workspace', 'test webhook': '404 not_found:workspace', deliveries: '404 not_found:workspace', activity: '404 not_found:workspace',
    },
    secretKeyB: {
      'list alerts': '404 not_found:workspace', 'resolve alert': '404 not_found:workspace', 'alert of A through B': '404 not_found:alert',
      'list rules': '404 not_found:workspace', 'change rule': '404 not_found:workspace', 'list webhooks': '404 not_found:workspace',
      'add webhook': '404 not_found:workspace', 'change webhook': '404 not_found:workspace', 'webhook of A through B': '404 not_found:webhook',
      'delete webhook': '404 not_found:workspace', 'test webhook': '404 not_found:workspace', deliveries: '404 not_found:workspace', activity: '404 not_found:workspace',
    },
    memberA: {
      'list alerts': '200', 'resolve alert': '403 forbidden:workspace', 'alert of A through B': '404 not_found:workspace',
      'list rules': '403 forbidden:workspace', 'change rule': '403 forbidden:workspace', 'list webhooks': '403 forbidden:workspace',
      'add webhook': '403 forbidden:workspace', 'change webhook': '403 forbidden:workspace', 'webhook of A through B': '404 not_found:workspace',
      'delete webhook': '403 forbidden:workspace', 'test webhook': '403 forbidden:workspace', deliveries: '403 forbidden:workspace', activity: '200',
    },
    viewerA: {
      'list alerts': '200', 'resolve alert': '403 forbidden:workspace', 'alert of A through B': '404 not_found:workspace',
      'list rules': '403 forbidden:workspace', 'change rule': '403 forbidden:workspace', 'list webhooks': '403 forbidden:workspace',
      'add webhook': '403 forbidden:workspace', 'change webhook': '403 forbidden:workspace', 'webhook of A through B': '404 not_found:workspace',
      'delete webhook': '403 forbidden:workspace', 'test webhook': '403 forbidden:workspace', deliveries: '403 forbidden:workspace', activity: '200',
    },
    publicKeyA: Object.fromEntries(Object.keys(routes()).map((name) => [name, '403 forbidden:key'])) as Record<keyof ReturnType<typeof routes>, string>,
    anonymous: Object.fromEntries(Object.keys(routes()).map((name) => [name, '401 unauthorized:auth'])) as Record<keyof ReturnType<typeof routes>, string>,
  }

  it('answers another workspace 404, a low role 403, and changes no row of A', async () => {
    const before = await rows()
    const seen: Record<string, Record<string, string>> = {}
    for (const actor of Object.keys(expected) as Actor[]) {
      seen[actor] = {}
      for (const [name, route] of Object.entries(routes())) seen[actor][name] = outcome(await route(as(actor)))
    }
    expect(seen).toEqual(expected)
    expect(await rows()).toEqual(before)
  })

  it('hides A’s alerts from B’s lists and B’s owner’s notifications', async () => {
    const listB = await call(alertsRoute.GET, 'GET', '/x', { cookie: ownerB.cookie, params: { ws: B.id } })
    expect(listB.json.items).toEqual([])
    const feedB = await call(activityRoute.GET, 'GET', '/x', { bearer: secretB.token, params: { ws: B.id } })
    expect(JSON.stringify(feedB.json)).not.toContain('broken.pdf')
  })
})
