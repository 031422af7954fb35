import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { pdfText, readXlsx } from '../tests/support/files'
import { openDemoWorkspace } from './support/demo'

// Asked for a table, the scripted Mistral calls the canvas tool: the table streams into the
// canvas, a person edits a cell, restores the earlier version, charts it and downloads the files.
// Wide enough for the canvas to sit beside the chat (narrower screens show it over the chat).
test.use({ baseURL: process.env.E2E_MISTRAL_APP, viewport: { width: 1600, height: 1000 } })

const sales = 'Month,Sales,Region\nJanuary,120,North\nFebruary,95,South\nMarch,143,North\n'

async function download(page: Page, menu: string, item: string) {
  await page.getByTestId(menu).click()
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(item).click()])
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) }
}

test('a table from a question: streamed into the canvas, edited, restored, charted and downloaded as XLSX and PDF', async ({ page }) => {
  test.setTimeout(120_000)
  const workspaceId = await openDemoWorkspace(page)
  await page.getByRole('navigation').getByRole('link', { name: 'Documents', exact: true }).click()
  await page.getByTestId('document-file-input').setInputFiles({ name: 'sales.csv', mimeType: 'text/csv', buffer: Buffer.from(sales) })
  await expect(page.getByTestId('document-row').filter({ hasText: 'sales.csv' })).toHaveAttribute('data-status', 'ready', { timeout: 30_000 })
  await expect.poll(async () => (await (await page.request.get(`/api/workspaces/${workspaceId}/documents?status=ready`)).json()).items.length).toBeGreaterThanOrEqual(3)

  await page.getByRole('navigation').getByRole('link', { name: 'Chat', exact: true }).click()
  await page.getByTestId('chat-input').fill('Put the monthly sales in a table')
  await page.getByTestId('send-button').click()

  const canvas = page.getByTestId('canvas')
  await expect(canvas).toBeVisible()
  await expect(canvas.getByTestId('canvas-artifact')).toHaveAttribute('data-kind', 'table')
  await expect(canvas.getByTestId('canvas-artifact-title')).toHaveText('Sales by month')
  await expect(canvas.getByTestId('cell-0-1')).toHaveValue('120')
  await expect(canvas.getByTestId('cell-2-0')).toHaveValue('March')
  const answer = page.locator('[data-testid="message"][data-role="assistant"]').last()
  await expect(answer).toHaveAttribute('data-status', 'complete')
  await expect(answer.getByTestId('answer-text')).toContainText('The table is in the canvas')
  await expect(answer.getByTestId('artifact-chip')).toHaveText('Sales by month')

  // Edit a cell: a new version by a person.
  await canvas.getByTestId('cell-0-1').fill('130')
  await canvas.getByTestId('canvas-save').click()
  await expect(canvas.getByTestId('canvas-version')).toHaveText('Version 2')
  await expect(canvas.getByTestId('canvas-notice')).toHaveText('Saved as version 2.')

  // The history shows what changed since version 1, and restores it as version 3.
  await canvas.getByTestId('canvas-history-toggle').click()
  await canvas.getByTestId('version-1').check()
  await expect(canvas.getByTestId('canvas-diff')).toContainText('- January | 120')
  await expect(canvas.getByTestId('canvas-diff')).toContainText('+ January | 130')
  await canvas.getByTestId('canvas-restore').click()
  await expect(canvas.getByTestId('canvas-version')).toHaveText('Version 3')
  await expect(canvas.getByTestId('cell-0-1')).toHaveValue('120')

  // The keyboard moves between cells as in a spreadsheet: typing replaces a cell, Escape puts it
  // back (the canvas stays open), Enter edits a cell and then keeps the edit and goes down.
  await canvas.getByTestId('cell-0-1').click()
  await page.keyboard.press('ArrowDown')
  await expect(canvas.getByTestId('cell-1-1')).toBeFocused()
  await page.keyboard.press('ArrowRight')
  await expect(canvas.getByTestId('cell-1-2')).toBeFocused()
  await page.keyboard.press('ArrowLeft')
  await expect(canvas.getByTestId('cell-1-1')).toBeFocused()
  await page.keyboard.type('99')
  await expect(canvas.getByTestId('cell-1-1')).toHaveValue('99')
  await expect(canvas.getByTestId('cell-1-1')).toHaveAttribute('data-editing', 'true')
  await page.keyboard.press('Escape')
  await expect(canvas.getByTestId('cell-1-1')).toHaveValue('95')
  await expect(canvas).toBeVisible()
  await expect(canvas.getByTestId('canvas-save')).toHaveCount(0)
  await page.keyboard.press('ArrowUp')
  await expect(canvas.getByTestId('cell-0-1')).toBeFocused()
  await page.keyboard.press('Enter')
  await page.keyboard.type('5')
  await expect(canvas.getByTestId('cell-0-1')).toHaveValue('1205')
  await page.keyboard.press('Enter')
  await expect(canvas.getByTestId('cell-1-1')).toBeFocused()
  await canvas.getByRole('button', { name: 'Discard changes' }).click()
  await expect(canvas.getByTestId('cell-0-1')).toHaveValue('120')

  // The reload keeps the canvas with the conversation.
  await page.reload()
  await expect(page.getByTestId('canvas-version')).toHaveText('Version 3')

  const xlsx = await download(page, 'canvas-download', 'download-xlsx')
  expect(xlsx.name).toBe('Sales by month.xlsx')
  const [sheet] = readXlsx(xlsx.bytes)
  expect(sheet.rows.map((row) => row.map((cell) => cell.value))).toEqual([
    ['Month', 'Sales', 'Region'],
    ['January', 120, 'North'],
    ['February', 95, 'South'],
    ['March', 143, 'North'],
  ])
  expect(sheet.rows[1][1].type).toBe('int')
  expect(sheet.freeze).toBe('A2')

  // A chart of the table, asked in the chat, drawn in the canvas.
  await page.getByTestId('chat-input').fill('Now make a chart of it')
  await page.getByTestId('send-button').click()
  await expect(page.getByTestId('canvas-artifact')).toHaveAttribute('data-kind', 'chart')
  await expect(page.getByTestId('canvas-chart').locator('svg rect')).not.toHaveCount(0)
  await page.getByTestId('chart-type').selectOption('line')
  await page.getByTestId('chart-xLabel').fill('Month of the year')
  await page.getByTestId('chart-yLabel').fill('Sales (€)')
  await expect(page.getByTestId('canvas-chart').locator('svg text', { hasText: 'Sales (€)' })).toHaveCount(1)
  await page.getByTestId('canvas-save').click()
  await expect(page.getByTestId('canvas-version')).toHaveText('Version 2')

  // Renamed in place: Escape keeps the old title, Enter saves the new one (no new version).
  await page.getByTestId('canvas-rename').click()
  await page.getByTestId('canvas-title-input').fill('Not this one')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('canvas-artifact-title')).toHaveText('Sales by month')
  await page.getByTestId('canvas-rename').click()
  await page.getByTestId('canvas-title-input').fill('Monthly sales, été')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('canvas-artifact-title')).toHaveText('Monthly sales, été')
  await expect(page.getByTestId('canvas-version')).toHaveText('Version 2')
  await page.reload()
  await expect(page.getByTestId('canvas-artifact-title')).toHaveText('Monthly sales, été')
  await expect(page.getByTestId('chart-yLabel')).toHaveValue('Sales (€)')

  const pdf = await download(page, 'conversation-export', 'export-pdf')
  expect(pdf.name).toMatch(/\.pdf$/)
  const text = pdfText(pdf.bytes)
  expect(text).toContain('Put the monthly sales in a table')
  expect(text).toContain('January')
  expect(text).toContain('Sales by month')
  // The chart, drawn in the PDF, with its new title and its axis labels.
  expect(text).toContain('Monthly sales, été')
  expect(text).toContain('Month of the year')
  expect(text).toContain('Sales (€)')
})

test('in French, the canvas and the exports speak French', async ({ page }) => {
  await openDemoWorkspace(page)
  await page.getByRole('button', { name: 'Français' }).click()
  await page.getByRole('navigation').getByRole('link', { name: /^(Chat|Discussion|Conversations)$/ }).click()
  await page.getByTestId('chat-input').fill('Mets les ventes mensuelles dans un tableau')
  await page.getByTestId('send-button').click()
  const canvas = page.getByTestId('canvas')
  await expect(canvas.getByRole('heading', { name: 'Canevas' })).toBeVisible()
  await expect(canvas.getByTestId('cell-0-0')).toHaveValue('January')
  await expect(page.getByTestId('conversation-export')).toHaveText('Exporter')

  const pdf = await download(page, 'conversation-export', 'export-pdf')
  const text = pdfText(pdf.bytes)
  expect(text).toContain('Mets les ventes mensuelles dans un tableau')
  expect(text).toContain('Vous')
  expect(text).toMatch(/Espace Demo workspace|Espace .* · exporté le/)
  const xlsx = await download(page, 'conversation-export', 'export-xlsx')
  const [messages, table] = readXlsx(xlsx.bytes)
  expect(messages.rows[0].map((cell) => cell.value)).toEqual(['Heure (UTC)', 'Rôle', 'Modèle', 'Latence (ms)', 'Texte', 'Citations'])
  expect(table.name).toBe('Sales by month')
})
