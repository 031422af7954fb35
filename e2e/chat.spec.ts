import { expect, test, type Page } from '@playwright/test'
import { openDemoWorkspace } from './support/demo'

/** The demo documents are processed right after the server starts. */
async function documentsReady(page: Page, workspaceId: string, count: number) {
  await expect
    .poll(async () => {
      const response = await page.request.get(`/api/workspaces/${workspaceId}/documents?status=ready`)
      return (await response.json()).items.length
    })
    .toBeGreaterThanOrEqual(count)
}

const lastAnswer = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last()

async function ask(page: Page, question: string) {
  await page.getByTestId('chat-input').fill(question)
  await page.getByTestId('send-button').click()
}

test('a fresh install answers about the demo documents with the offline model, and a citation opens the passage', async ({ page }) => {
  const workspaceId = await openDemoWorkspace(page)
  await documentsReady(page, workspaceId, 2)
  await page.getByRole('navigation').getByRole('link', { name: 'Chat', exact: true }).click()
  await expect(page.getByTestId('starter-suggestions')).toBeVisible()

  await ask(page, 'Combien de jours de télétravail par semaine ?')
  const answer = lastAnswer(page)
  await expect(answer).toHaveAttribute('data-status', 'complete')
  await expect(answer.getByTestId('answer-text')).toContainText('trois jours par semaine')
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/)

  await answer.getByTestId('citation-marker').first().click()
  const panel = page.getByTestId('sources-panel')
  await expect(panel).toContainText('politique-teletravail.md')
  await expect(panel).toContainText('trois jours par semaine')
  await panel.getByTestId('source-open-document').first().click()
  await expect(page).toHaveURL(/\/documents\?doc=/)
  await expect(page.getByTestId('text-highlight')).toContainText('trois jours par semaine')
})

test.describe('with a Mistral model', () => {
  test.use({ baseURL: process.env.E2E_MISTRAL_APP })

  test('ask about an uploaded document, stop, retry, organise the conversation, find it again, reload', async ({ page }) => {
    const workspaceId = await openDemoWorkspace(page)
    await page.getByRole('navigation').getByRole('link', { name: 'Documents', exact: true }).click()
    await page.getByTestId('document-file-input').setInputFiles({
      name: 'office.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Office guide\n\n## Parking\n\nVisitors park in the east car park, level minus two, next to the lifts.\n\n## Badges\n\nBadges are printed at the reception desk.\n'),
    })
    await expect(page.getByTestId('document-row').filter({ hasText: 'office.md' })).toHaveAttribute('data-status', 'ready', { timeout: 30_000 })
    await documentsReady(page, workspaceId, 3)

    await page.getByRole('navigation').getByRole('link', { name: 'Chat', exact: true }).click()
    await expect(page.getByTestId('model-picker')).toHaveValue('mistral:mistral-small-latest')
    await ask(page, 'Where do visitors park?')
    const first = lastAnswer(page)
    await expect(first).toHaveAttribute('data-status', 'complete')
    await expect(first.getByTestId('answer-text')).toContainText('east car park')
    await first.getByTestId('citation-marker').first().click()
    await expect(page.getByTestId('sources-panel')).toContainText('office.md')
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('sources-panel')).toHaveCount(0)

    // A long answer, stopped half-way: what was written stays, marked interrupted.
    await ask(page, 'Tell me about parking in detail')
    const long = lastAnswer(page)
    await expect(long.getByTestId('answer-text')).toContainText('Visitors')
    await page.getByTestId('stop-button').click()
    await expect(long).toHaveAttribute('data-status', 'interrupted')
    const partial = await long.getByTestId('answer-text').innerText()
    expect(partial.length).toBeGreaterThan(10)

    await long.getByTestId('retry').click()
    // The regenerated answer replaces the interrupted one, fourth in the thread.
    const regenerated = page.getByTestId('message').nth(3)
    await expect(regenerated).toHaveAttribute('data-role', 'assistant')
    await expect(regenerated).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
    expect((await regenerated.getByTestId('answer-text').innerText()).length).toBeGreaterThan(partial.length)
    const conversationUrl = page.url()
    expect(conversationUrl).toMatch(/\/chat\/[0-9a-f-]{36}$/)
    const conversationId = conversationUrl.split('/').at(-1)!

    // Organise it from the sidebar.
    const item = page.locator(`[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`)
    await item.getByTestId('conversation-menu').click()
    await page.getByRole('menuitem', { name: 'Rename' }).click()
    await item.getByTestId('rename-input').fill('Parking notes')
    await item.getByTestId('rename-input').press('Enter')
    await expect(item).toContainText('Parking notes')

    await page.getByTestId('favorite-toggle').click()
    await expect(item).toHaveAttribute('data-favorite', 'true')

    await item.getByTestId('conversation-menu').click()
    await page.getByRole('menuitem', { name: 'Edit tags' }).click()
    await item.getByTestId('tag-input').fill('facilities')
    await item.getByTestId('tag-input').press('Enter')
    await item.getByRole('button', { name: 'Save tags' }).click()
    await expect(item).toContainText('#facilities')

    await item.getByTestId('conversation-menu').click()
    await page.getByRole('menuitem', { name: 'Move to a folder' }).click()
    await item.getByTestId('folder-input').fill('Office')
    await item.getByRole('button', { name: 'Move', exact: true }).click()
    await expect(item).toContainText('Office')

    // Found by a word of its messages, with a snippet.
    await page.getByTestId('new-chat').click()
    await page.getByTestId('conversation-search').fill('lifts')
    const found = page.locator(`[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`)
    await expect(found.getByTestId('conversation-snippet').locator('mark')).toContainText('lifts')
    await found.getByRole('link').click()
    await expect(page).toHaveURL(conversationUrl)

    // Everything is as it was after a reload.
    await page.reload()
    await expect(page.getByTestId('chat-title')).toHaveText('Parking notes')
    await expect(page.getByTestId('favorite-toggle')).toHaveAttribute('aria-pressed', 'true')
    const reloaded = page.locator(`[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`)
    await expect(reloaded).toContainText('#facilities')
    await expect(reloaded).toContainText('Office')
    const messages = page.getByTestId('message')
    await expect(messages).toHaveCount(4)
    await expect(messages.nth(1)).toHaveAttribute('data-status', 'complete')
    await expect(messages.nth(1).getByTestId('answer-text')).toContainText('east car park')
    await expect(messages.nth(3)).toHaveAttribute('data-status', 'complete')
    await expect(messages.nth(3).getByTestId('citation-marker').first()).toBeVisible()
  })
})
