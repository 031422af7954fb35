import { expect, test, type Page } from '@playwright/test'
import { openDemoWorkspace } from './support/demo'
import { startHostSite } from './support/host-site'

/**
 * The widget as a visitor meets it: a plain page of another origin pastes the snippet and the
 * assistant answers there, with citations; the same snippet on a site that is not allowed
 * shows nothing, and the API refuses it.
 */

const appPort = Number(process.env.E2E_PORT ?? 3100)
const app = `http://127.0.0.1:${appPort}`
// Host sites on ports of their own: E2E_PORT + 10 is allowed, + 11 is not.
const allowedPort = appPort + 10
const otherPort = appPort + 11

let workspaceId: string
let key: { id: string; token: string }
let snippet = ''
let sites: Awaited<ReturnType<typeof startHostSite>>[] = []

const launcher = (page: Page) => page.getByRole('button', { name: /Open the chat/ })
const widget = (page: Page) => page.frameLocator('iframe[title="Demo help"]')

async function openWidget(page: Page) {
  await launcher(page).click()
  const frame = widget(page)
  await expect(frame.locator('body')).toHaveAttribute('data-state', 'ready')
  return frame
}

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage()
  workspaceId = await openDemoWorkspace(page)
  const created = await page.request.post(`/api/workspaces/${workspaceId}/keys`, { data: { kind: 'public', name: 'Shop widget' }, headers: { origin: app } })
  expect(created.status()).toBe(201)
  key = await created.json()
  const patched = await page.request.patch(`/api/workspaces/${workspaceId}`, {
    data: { allowedDomains: [`localhost:${allowedPort}`], widget: { title: 'Demo help', greeting: 'Hello! Ask me about the documents.' } },
    headers: { origin: app },
  })
  expect(patched.status()).toBe(200)
  // The demo documents are processed right after the server starts.
  await expect
    .poll(async () => (await (await page.request.get(`/api/workspaces/${workspaceId}/documents?status=ready`)).json()).items.length)
    .toBeGreaterThanOrEqual(2)
  snippet = `<script src="${app}/embed.js" data-key="${key.token}" async></script>`
  sites = [await startHostSite(allowedPort, app, () => snippet), await startHostSite(otherPort, app, () => snippet)]
  await page.close()
})

test.afterAll(async () => {
  await Promise.all(sites.map((site) => site.close()))
})

test('on an allowed site: opens, streams a cited answer, offers follow-ups, survives a reload, resets', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  await page.goto(`http://localhost:${allowedPort}/`)
  // One global, and nothing else of the widget's in the host page's scope.
  expect(await page.evaluate(() => typeof (window as unknown as { Monitora?: { open?: unknown } }).Monitora?.open)).toBe('function')

  const frame = await openWidget(page)
  await expect(frame.getByTestId('greeting')).toContainText('Hello! Ask me about the documents.')
  await expect(frame.getByTestId('suggestions')).toBeVisible()
  await expect(frame.getByLabel('Your question')).toBeFocused()

  await frame.getByLabel('Your question').fill('Combien de jours de télétravail par semaine ?')
  await frame.getByLabel('Your question').press('Enter')
  const answer = frame.getByTestId('answer').last()
  await expect(answer).toHaveAttribute('data-status', 'complete')
  await expect(answer).toContainText('trois jours par semaine')
  await answer.locator('.cite').first().click()
  const source = answer.getByTestId('source').first()
  await expect(source).toHaveAttribute('open', '')
  await expect(source).toContainText('politique-teletravail.md')
  await answer.getByRole('button', { name: 'Helpful answer', exact: true }).click()
  await expect(answer.getByRole('button', { name: 'Helpful answer', exact: true })).toHaveAttribute('aria-pressed', 'true')

  // Follow-up questions from the other sections of the cited document; one click asks one.
  const followUps = frame.getByRole('group', { name: 'Follow-up questions' })
  await expect(followUps.getByRole('button').first()).toContainText('And about “')
  const followUp = (await followUps.getByRole('button').first().textContent())!
  await followUps.getByRole('button').first().click()
  await expect(frame.getByTestId('question').last()).toContainText(followUp)
  await expect(frame.getByTestId('answer').last()).toHaveAttribute('data-status', 'complete')

  await page.reload()
  const reloaded = await openWidget(page)
  await expect(reloaded.getByTestId('question').first()).toContainText('Combien de jours de télétravail par semaine ?')
  await expect(reloaded.getByTestId('answer').first()).toContainText('trois jours par semaine')
  await expect(reloaded.getByTestId('answer').first().getByRole('button', { name: 'Helpful answer', exact: true })).toHaveAttribute('aria-pressed', 'true')

  await reloaded.getByRole('button', { name: 'Start a new conversation' }).click()
  await expect(reloaded.getByTestId('question')).toHaveCount(0)
  await expect(reloaded.getByTestId('greeting')).toBeVisible()
  await page.reload()
  await expect((await openWidget(page)).getByTestId('question')).toHaveCount(0)

  // Escape closes it and gives the focus back to the launcher.
  await widget(page).getByLabel('Your question').press('Escape')
  await expect(launcher(page)).toBeFocused()
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'false')
  expect(errors).toEqual([])
})

test('the dashboard: the snippet to paste, and the widget conversations marked with their source', async ({ page }) => {
  await openDemoWorkspace(page)
  await page.goto(`/workspaces/${workspaceId}/settings/widget`)
  await expect(page.getByTestId('widget-snippet')).toHaveText(snippet)
  await expect(page.getByTestId('widget-preview')).toContainText('Demo help')
  await page.getByLabel('Greeting').fill('Bonjour !')
  await expect(page.getByTestId('widget-preview')).toContainText('Bonjour !')

  await page.goto(`/workspaces/${workspaceId}/chat`)
  await page.getByTestId('filter-channel').selectOption('widget')
  const item = page.getByTestId('conversation-list').getByRole('listitem').filter({ hasText: 'Combien de jours de télétravail' }).first()
  await expect(item).toContainText('Widget')
  // An admin reads the visitor's conversation.
  await item.getByRole('link').first().click()
  await expect(page.locator('[data-testid="message"][data-role="assistant"]').first()).toContainText('trois jours par semaine')
  // Only the visitor continues it: no message box, a word saying why.
  await expect(page.getByTestId('chat-read-only')).toContainText('only the visitor can continue it')
  await expect(page.getByTestId('chat-input')).toHaveCount(0)
})

test('full screen on a phone, and the JS API with its events', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 })
  await page.goto(`http://localhost:${allowedPort}/`)
  await expect(launcher(page)).toBeVisible()
  await page.evaluate(() => {
    const api = (window as unknown as { Monitora: { on: (name: string, fn: (detail?: unknown) => void) => void } }).Monitora
    const seen: string[] = []
    ;(window as unknown as { seen: string[] }).seen = seen
    for (const name of ['open', 'close', 'message']) api.on(name, (detail) => seen.push(name + (detail ? `:${(detail as { role: string }).role}` : '')))
  })
  await page.evaluate(() => (window as unknown as { Monitora: { open: () => void } }).Monitora.open())
  const frame = widget(page)
  await expect(frame.locator('body')).toHaveAttribute('data-state', 'ready')
  const box = await page.locator('iframe').boundingBox()
  expect(box).toMatchObject({ x: 0, y: 0, width: 390, height: 800 })
  await frame.getByLabel('Your question').fill('How do I upload a document?')
  await frame.getByLabel('Your question').press('Enter')
  await expect(frame.getByTestId('answer').last()).toHaveAttribute('data-status', /complete|failed/)
  await frame.getByRole('button', { name: 'Close the chat' }).click()
  await expect(launcher(page)).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['open', 'message:user', 'message:assistant', 'close'])
})

test('offline: the widget says so and keeps the question', async ({ page, context }) => {
  await page.goto(`http://localhost:${allowedPort}/`)
  const frame = await openWidget(page)
  await context.setOffline(true)
  await expect(frame.getByRole('status')).toContainText('You are offline')
  await frame.getByLabel('Your question').fill('Is anyone there?')
  await frame.getByLabel('Your question').press('Enter')
  await expect(frame.getByLabel('Your question')).toHaveValue('Is anyone there?')
  await expect(frame.getByTestId('question')).toHaveCount(0)
  await context.setOffline(false)
  await expect(frame.getByRole('status')).toBeHidden()
})

test('on a site that is not allowed: nothing shows, and the API refuses it', async ({ page }) => {
  const refusals: number[] = []
  page.on('response', (response) => response.url().includes('/widget/') && refusals.push(response.status()))
  await page.goto(`http://localhost:${otherPort}/`)
  await expect.poll(() => refusals).toContain(403)
  await page.waitForTimeout(500)
  await expect(launcher(page)).toBeHidden()
  expect(await page.locator('iframe').evaluate((iframe) => getComputedStyle(iframe).visibility)).toBe('hidden')

  // What a browser on that site would send (the site's own CSP keeps its pages from trying).
  const fromThere = await page.request.get(`${app}/api/widget/config`, { headers: { authorization: `Bearer ${key.token}`, origin: `http://localhost:${otherPort}` } })
  expect(fromThere.status()).toBe(403)
  expect(await fromThere.json()).toMatchObject({ error: { code: 'forbidden:widget' } })
})

test('rate limits answer 429 and the widget says when to ask again', async ({ page, request }) => {
  const patch = (limit: number) => page.request.patch(`${app}/api/workspaces/${workspaceId}`, { data: { widget: { visitorMessagesPerMinute: limit } }, headers: { origin: app } })
  await openDemoWorkspace(page)
  expect((await patch(1)).status()).toBe(200)
  try {
    await page.goto(`http://localhost:${allowedPort}/`)
    const frame = await openWidget(page)
    const answers = frame.getByTestId('answer')
    const before = await answers.count()
    for (const question of ['Combien de jours de télétravail ?', 'Et le lundi ?']) {
      await frame.getByLabel('Your question').fill(question)
      await frame.getByLabel('Your question').press('Enter')
      await expect(frame.locator('.composer')).not.toHaveClass(/streaming/)
    }
    // One of the two fitted this minute's limit (the other is refused, and put back in the composer).
    await expect(frame.getByRole('status')).toContainText(/Too many questions at once: you can ask again in \d+ s/)
    expect(await answers.count()).toBeLessThanOrEqual(before + 1)
    await expect(frame.getByLabel('Your question')).toHaveValue(/./)

    const direct = await request.post(`${app}/api/widget/chat`, {
      headers: { authorization: `Bearer ${key.token}`, origin: `http://localhost:${allowedPort}`, 'x-visitor-token': 'v1.x.y' },
      data: { message: { role: 'user', parts: [{ type: 'text', text: 'hi' }] } },
    })
    expect(direct.status()).toBe(401)
  } finally {
    expect((await patch(6)).status()).toBe(200)
  }
})

test('a revoked key stops working at once', async ({ page }) => {
  await page.goto(`http://localhost:${allowedPort}/`)
  await expect(launcher(page)).toBeVisible()
  await openDemoWorkspace(page)
  expect((await page.request.delete(`${app}/api/workspaces/${workspaceId}/keys/${key.id}`, { headers: { origin: app } })).status()).toBe(204)
  const refusals: number[] = []
  page.on('response', (response) => response.url().includes('/widget/') && refusals.push(response.status()))
  await page.goto(`http://localhost:${allowedPort}/`)
  await expect.poll(() => refusals).toContain(404)
  await page.waitForTimeout(500)
  await expect(launcher(page)).toBeHidden()
  const config = await page.request.get(`${app}/api/widget/config`, { headers: { authorization: `Bearer ${key.token}`, origin: `http://localhost:${allowedPort}` } })
  expect(config.status()).toBe(401)
})
