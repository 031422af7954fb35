import { expect, test } from '@playwright/test'

const password = 'a sturdy passphrase'

test('a protected page sends a visitor to sign in, and back after', async ({ page }) => {
  await page.goto('/workspaces')
  await expect(page).toHaveURL(/\/signin\?next=%2Fworkspaces/)
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
})

test('sign up, create a workspace and a key, use the key, sign out', async ({ page, request }) => {
  const email = `e2e-${Date.now()}@example.com`
  await page.goto('/signin')
  await page.getByRole('link', { name: 'Create an account' }).click()
  await page.getByLabel('Name').fill('E2E Person')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page).toHaveURL(/\/workspaces$/)

  await page.getByLabel('Workspace name').fill('Handbook')
  await page.getByRole('button', { name: 'Create workspace' }).click()
  await expect(page).toHaveURL(/\/workspaces\/[0-9a-f-]{36}\/chat$/)
  const workspaceId = page.url().match(/workspaces\/([0-9a-f-]{36})/)![1]

  await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click()
  await page.getByRole('link', { name: 'API keys' }).click()
  await page.getByLabel('Key name').fill('CI key')
  await page.getByLabel('Kind').selectOption('secret')
  await page.getByRole('button', { name: 'Create key' }).click()
  const token = (await page.getByTestId('new-key-token').textContent())!.trim()
  expect(token).toMatch(/^sk_[\w-]{20,}$/)
  await expect(page.getByText(token.slice(0, 12)).first()).toBeVisible()

  // The key works against the API, as an admin of this workspace only.
  const viaKey = await request.get(`/api/workspaces/${workspaceId}`, { headers: { authorization: `Bearer ${token}` } })
  expect(viaKey.status()).toBe(200)
  expect((await viaKey.json()).name).toBe('Handbook')

  // Revoked in the dashboard, the key stops working at once.
  await page.getByRole('button', { name: 'Revoke', exact: true }).click()
  await page.getByRole('button', { name: 'Yes, revoke' }).click()
  await expect(page.getByText('Revoked', { exact: true })).toBeVisible()
  const afterRevoke = await request.get(`/api/workspaces/${workspaceId}`, { headers: { authorization: `Bearer ${token}` } })
  expect(afterRevoke.status()).toBe(401)

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/signin/)
  await page.goto(`/workspaces/${workspaceId}/settings`)
  await expect(page).toHaveURL(/\/signin\?next=/)
})

test('the demo account signs in and finds its workspace', async ({ page }) => {
  await page.goto('/signin')
  await page.getByLabel('Email').fill('demo@monitora.local')
  await page.getByLabel('Password').fill('monitora-demo')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/workspaces$/)
  await expect(page.getByRole('link', { name: 'Demo workspace', exact: true })).toBeVisible()
})

test('the API reference is public and lists the routes', async ({ page, request }) => {
  const spec = await (await request.get('/api/openapi.json')).json()
  expect(spec.openapi).toBe('3.1.0')
  expect(Object.keys(spec.paths)).toContain('/api/workspaces/{ws}/keys')
  await page.goto('/docs')
  await expect(page.getByText('/api/workspaces/{ws}/members').first()).toBeVisible()
})

test('a second server on the same data folder stops at once with a clear message', async () => {
  const { spawnSync } = await import('node:child_process')
  const started = Date.now()
  const second = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(Number(process.env.E2E_PORT ?? 3100) + 1), '-H', '127.0.0.1'], {
    env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  })
  expect(second.status).toBe(1)
  expect(second.stderr).toContain('already in use by another Monitora process')
  expect(Date.now() - started).toBeLessThan(15_000)
})
