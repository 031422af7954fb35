import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const origin = 'http://localhost:3000'
const noParams = { params: Promise.resolve({}) }

/**
 * The embedded database in a fresh temporary folder and a signed-up user whose cookie drives
 * the real route handlers. Call it before importing anything from lib/ (it sets DATA_DIR).
 */
export async function embeddedApp(label: string) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `monitora-${label}-`))
  process.env.DATA_DIR = dataDir
  // Always the embedded database, whatever the environment points at.
  delete process.env.DATABASE_URL
  delete process.env.SUPABASE_URL
  const { database } = await import('../lib/db')
  const signup = await import('../app/api/auth/signup/route')
  const workspaces = await import('../app/api/workspaces/route')
  const db = await database()
  const json = { 'content-type': 'application/json', origin }
  const created = await signup.POST(
    new Request(`${origin}/api/auth/signup`, { method: 'POST', headers: json, body: JSON.stringify({ email: `${label}@example.com`, password: `${label} bench passphrase` }) }),
    noParams,
  )
  if (created.status !== 201) throw new Error(`sign-up answered ${created.status}: ${await created.text()}`)
  const cookie = created.headers.getSetCookie()[0].split(';')[0]
  return {
    cookie,
    async createWorkspace(name: string): Promise<string> {
      const response = await workspaces.POST(new Request(`${origin}/api/workspaces`, { method: 'POST', headers: { ...json, cookie }, body: JSON.stringify({ name }) }), noParams)
      return (await response.json()).id
    },
    async close() {
      await db.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
