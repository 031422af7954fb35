import { hashPassword, verifyPassword } from './auth/password'
import { config } from './config'
import { asService, sql } from './db'
import { demoDocuments } from './demo-documents'
import { uploadDocuments } from './documents'

/** The account the embedded default creates on its first start (also in README.md). */
export const DEMO_EMAIL = 'demo@monitora.local'
export const DEMO_PASSWORD = 'monitora-demo'

/**
 * On the embedded default, a fresh database gets a demo account and workspace; every start
 * prints the credentials while the demo password still works.
 */
export async function ensureDemo(): Promise<void> {
  if (!config().embedded) return
  const created = await asService(async (tx) => {
    const [{ users }] = await tx.query<{ users: number }>(sql`select count(*)::int as users from users`)
    if (users > 0) return false
    const id = crypto.randomUUID()
    await tx.query(sql`insert into users (id, email, name, password_hash) values (${id}, ${DEMO_EMAIL}, 'Demo', ${await hashPassword(DEMO_PASSWORD)})`)
    const [workspace] = await tx.query<{ id: string }>(sql`
      insert into workspaces (name, system_prompt, created_by, allowed_domains)
      values ('Demo workspace', 'You are the assistant of the Monitora demo workspace. Answer from its documents and cite them.', ${id}, ${['localhost:3000']})
      returning id`)
    return { userId: id, workspaceId: workspace.id }
  })
  if (created) {
    // Queued like any upload; the server's queue processes them right after start.
    const encoder = new TextEncoder()
    await uploadDocuments(
      { kind: 'user', userId: created.userId, email: DEMO_EMAIL },
      created.workspaceId,
      demoDocuments.map((document) => ({ name: document.name, bytes: encoder.encode(document.content) })),
    )
  }
  const [demo] = await asService((tx) => tx.query<{ password_hash: string }>(sql`select password_hash from users where email = ${DEMO_EMAIL}`))
  if (demo && (created !== false || (await verifyPassword(DEMO_PASSWORD, demo.password_hash)))) {
    console.log(`\n  Monitora demo account: ${DEMO_EMAIL} / ${DEMO_PASSWORD}\n`)
  }
}
