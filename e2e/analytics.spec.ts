import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { openDemoWorkspace } from './support/demo'

async function ask(page: Page, question: string) {
  await page.getByTestId('chat-input').fill(question)
  await page.getByTestId('send-button').click()
  await expect(page.locator('[data-testid="message"][data-role="assistant"]').last()).toHaveAttribute('data-status', 'complete')
}

test('after some chats the analytics page tells what is asked and what is missing; the range changes; a CSV downloads; in English and French', async ({ page }) => {
  const workspaceId = await openDemoWorkspace(page)
  await expect
    .poll(async () => (await (await page.request.get(`/api/workspaces/${workspaceId}/documents?status=ready`)).json()).items.length)
    .toBeGreaterThanOrEqual(2)
  await page.goto(`/workspaces/${workspaceId}/chat`)
  await ask(page, 'Combien de jours de télétravail par semaine ?')
  await page.goto(`/workspaces/${workspaceId}/chat`)
  await ask(page, 'Is there a mobile app for Android?')
  await page.goto(`/workspaces/${workspaceId}/chat`)
  await ask(page, 'Do you have a mobile app for Android?')

  await page.getByRole('navigation').getByRole('link', { name: 'Analytics', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible()
  const top = page.getByRole('region', { name: 'Top questions' })
  await expect(top).toContainText('Combien de jours de télétravail par semaine ?')
  const missing = page.getByRole('region', { name: 'What to document next' })
  await expect(missing).toContainText('Is there a mobile app for Android?')
  await expect(missing).toContainText('unanswered 2×')
  await expect(page.getByRole('img', { name: 'Conversations and messages per day' }).locator('svg')).toBeVisible()

  // A past month: nothing in it; then the last 7 days again.
  await page.getByLabel('From', { exact: true }).fill('2025-01-01')
  await page.getByLabel('To', { exact: true }).fill('2025-01-31')
  await page.getByRole('button', { name: 'Show' }).click()
  await expect(page).toHaveURL(/from=2025-01-01&to=2025-01-31/)
  await expect(top).toContainText('Nothing in this period.')
  await page.getByRole('link', { name: 'Last 7 days' }).click()
  await expect(top).toContainText('Combien de jours de télétravail par semaine ?')

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('region', { name: 'Downloads' }).getByRole('link', { name: 'CSV Conversation logs' }).click()])
  expect(csv.suggestedFilename()).toMatch(/^Conversation logs \d{4}-\d{2}-\d{2} \d{4}-\d{2}-\d{2}\.csv$/)
  const text = readFileSync((await csv.path())!, 'utf8')
  expect(text).toContain('Is there a mobile app for Android?')
  expect(text.split('\r\n')[0]).toContain('Time (UTC),Conversation,Source')

  // A reversed range says why.
  await page.goto(`/workspaces/${workspaceId}/analytics?from=2026-02-10&to=2026-02-01`)
  await expect(page.getByRole('status').filter({ hasText: 'reversed' })).toBeVisible()

  // In French.
  await page.getByRole('button', { name: 'Français' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Statistiques' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'À documenter ensuite' })).toContainText('sans réponse 2 fois')
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('region', { name: 'Téléchargements' }).getByRole('link', { name: 'XLSX Questions fréquentes' }).click()])
  expect(xlsx.suggestedFilename()).toMatch(/^Questions fréquentes .*\.xlsx$/)

  // The dashboard home counts them.
  await page.goto('/workspaces')
  await expect(page.getByRole('heading', { level: 1, name: 'Accueil' })).toBeVisible()
  await expect(page.getByTestId('home-conversations')).not.toHaveText('0')
  await expect(page.getByRole('region', { name: 'Conversations récentes' }).getByRole('link').first()).toBeVisible()
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible()
})
