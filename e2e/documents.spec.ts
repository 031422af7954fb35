import { expect, test } from '@playwright/test'
import { openDemoWorkspace } from './support/demo'

test('upload documents, watch them become ready or failed, find a passage and read the text', async ({ page }) => {
  await openDemoWorkspace(page)
  await page.getByRole('navigation').getByRole('link', { name: 'Documents', exact: true }).click()

  await page.getByTestId('document-file-input').setInputFiles([
    {
      name: 'handbook.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Handbook\n\n## Parking\n\nVisitors park in the east car park, level minus two, next to the lifts.\n'),
    },
    { name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]) },
  ])
  const ready = page.getByTestId('document-row').filter({ hasText: 'handbook.md' })
  await expect(ready).toHaveAttribute('data-status', 'ready', { timeout: 30_000 })
  const refused = page.getByTestId('document-row').filter({ hasText: 'fake.pdf' })
  await expect(refused).toHaveAttribute('data-status', 'failed')
  await expect(refused).toContainText('not supported')

  await page.getByLabel('Question').fill('Where do visitors park?')
  await page.getByRole('button', { name: 'Search' }).click()
  const result = page.getByTestId('search-result').first()
  await expect(result).toContainText('east car park')
  await expect(result).toContainText('handbook.md')

  await ready.getByRole('button', { name: 'View text' }).click()
  await expect(page.getByTestId('document-text')).toContainText('level minus two')

  await page.getByLabel('Exclude handbook.md from answers').check()
  await expect(ready).toHaveAttribute('data-excluded', 'true')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.getByTestId('search-result')).toHaveCount(0)

  await refused.getByRole('button', { name: 'Delete' }).click()
  await page.getByRole('button', { name: 'Yes, delete' }).click()
  await expect(page.getByTestId('document-row').filter({ hasText: 'fake.pdf' })).toHaveCount(0)
})
