import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from '@playwright/test'
import { openDemoWorkspace } from './support/demo'

const CRON_SECRET = 'e2e-cron-secret-0123456789'

test('a failing upload raises one alert, delivered once to a webhook, on the alerts page and in the bell, in English and French', async ({ page }) => {
  // A webhook receiver on loopback (the server runs with WEBHOOK_ALLOW_PRIVATE_HOSTS=true).
  const received: { event: string; body: { event: string; text: string } }[] = []
  const receiver = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      received.push({ event: String(request.headers['x-monitora-event']), body: JSON.parse(body) })
      response.end('ok')
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/slack`
  const alertsOf = (event: string) => received.filter((r) => r.event === event)

  try {
    const ws = await openDemoWorkspace(page)

    await page.goto(`/workspaces/${ws}/settings/webhooks`)
    await page.getByLabel('URL').fill(hookUrl)
    await page.getByLabel('Description').fill('Ops channel')
    await page.getByRole('button', { name: 'Add webhook' }).click()
    const card = page.getByRole('region', { name: hookUrl }).or(page.locator('.card', { hasText: hookUrl }))
    await expect(card).toContainText('whsec_')
    await card.getByRole('button', { name: 'Send test' }).click()
    await expect(card.getByTestId('delivery-log')).toContainText('Delivered', { timeout: 15_000 })
    expect(alertsOf('webhook.test')).toHaveLength(1)

    await page.goto(`/workspaces/${ws}/documents`)
    await page.getByTestId('document-file-input').setInputFiles([{ name: 'contract.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 not really a PDF') }])
    await expect(page.getByTestId('document-row').filter({ hasText: 'contract.pdf' })).toHaveAttribute('data-status', 'failed', { timeout: 30_000 })

    // What Vercel Cron does every 5 minutes; a call without the secret is refused.
    expect((await page.request.get('/api/cron/alerts')).status()).toBe(401)
    for (let cycle = 0; cycle < 2; cycle++) {
      const run = await page.request.get('/api/cron/alerts', { headers: { authorization: `Bearer ${CRON_SECRET}` } })
      expect(run.status()).toBe(200)
    }
    await expect.poll(() => alertsOf('alert.raised').length).toBe(1)
    expect(alertsOf('alert.raised')[0].body.text).toContain('contract.pdf')

    await page.goto(`/workspaces/${ws}/alerts`)
    const alert = page.getByTestId('alerts').locator('li')
    await expect(alert).toHaveCount(1)
    await expect(alert).toContainText('Document processing failures')
    await expect(alert).toContainText('The document “contract.pdf” could not be processed.')
    await expect(alert).toContainText('Open')

    await expect(page.getByTestId('unread-count')).toHaveText('1')
    await page.getByRole('button', { name: /Notifications/ }).click()
    const notification = page.getByRole('region', { name: 'Notifications' })
    await expect(notification).toContainText('contract.pdf')
    await notification.getByRole('link', { name: /Document processing failures/ }).click()
    await expect(page.getByTestId('unread-count')).toHaveCount(0)

    await page.getByRole('button', { name: 'Français' }).click()
    await expect(page.getByRole('heading', { name: 'Alertes', level: 1 })).toBeVisible()
    await expect(alert).toContainText('Échecs de traitement des documents')
    await expect(alert).toContainText('Le document « contract.pdf » n’a pas pu être traité.')
    await alert.getByRole('button', { name: 'Prendre en compte' }).click()
    await expect(alert).toContainText('Prise en compte')
    await alert.getByRole('button', { name: 'Résoudre' }).click()
    await expect(page.getByText('Aucune alerte active : tout va bien.')).toBeVisible()
    await page.getByRole('button', { name: 'Résolues' }).click()
    await expect(alert).toContainText('résolue à la main')

    // Resolved by hand, the still-failed document raises nothing more; one delivery in all.
    await page.request.get('/api/cron/alerts', { headers: { authorization: `Bearer ${CRON_SECRET}` } })
    expect(alertsOf('alert.raised')).toHaveLength(1)
    await page.getByRole('button', { name: 'English' }).click()
  } finally {
    await new Promise((resolve) => receiver.close(resolve))
  }
})
