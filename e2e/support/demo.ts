import { expect, type Page } from '@playwright/test'

/** Signs in with the demo account a fresh data folder creates and opens its workspace; returns the workspace id. */
export async function openDemoWorkspace(page: Page): Promise<string> {
  await page.goto('/signin')
  await page.getByLabel('Email').fill('demo@monitora.local')
  await page.getByLabel('Password').fill('monitora-demo')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/workspaces$/)
  await page.getByRole('link', { name: 'Demo workspace', exact: true }).click()
  await expect(page).toHaveURL(/\/workspaces\/[0-9a-f-]{36}/)
  return page.url().match(/workspaces\/([0-9a-f-]{36})/)![1]
}
