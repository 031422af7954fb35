import { z } from 'zod'
import { keyset, type PageQuery } from '../api/pagination'
import { asIdentity, sql, type Identity } from '../db'
import { requireRole } from '../workspaces/access'

/**
 * The workspace's recent activity. Triggers of 0012_alerts.sql write it in the transaction of
 * each change (documents uploaded or failed, keys created or revoked, members added, alerts
 * raised); key events are shown to admins only, as keys are.
 */
export const activityKinds = ['document.uploaded', 'document.failed', 'key.created', 'key.revoked', 'member.added', 'alert.raised'] as const
export type ActivityKind = (typeof activityKinds)[number]

export const activitySchema = z.object({
  id: z.uuid(),
  kind: z.enum(activityKinds),
  subjectId: z.uuid().nullable().describe('The document, key, member (user id) or alert'),
  subjectName: z.string().nullable(),
  actor: z.object({ id: z.uuid(), email: z.string().nullable() }).nullable().describe('Who did it; null for a secret key or the server'),
  details: z.record(z.string(), z.unknown()),
  workspace: z.object({ id: z.uuid(), name: z.string() }),
  createdAt: z.iso.datetime(),
})
export type Activity = z.infer<typeof activitySchema>

type Row = { id: string; workspace_id: string; workspace_name: string; kind: ActivityKind; subject_id: string | null; subject_name: string | null; actor_id: string | null; actor_email: string | null; details: Record<string, unknown>; created_at: Date; cursorAt: string }

/** A workspace's feed, or (no workspace) the feed of every workspace the person belongs to, for the home. */
export async function listActivity(identity: Identity, workspaceId: string | null, page: PageQuery): Promise<{ items: Activity[]; nextCursor: string | null }> {
  const { cursor, where, order, fetch, toPage } = keyset(page, { createdAt: sql`a.created_at`, id: sql`a.id` })
  return asIdentity(identity, async (tx) => {
    if (workspaceId) await requireRole(tx, identity, workspaceId, 'viewer')
    // Without a workspace, row-level security keeps the caller's own.
    const rows = await tx.query<Row>(sql`
      select a.id, a.workspace_id, w.name as workspace_name, a.kind, a.subject_id, a.subject_name, a.actor_id, u.email::text as actor_email, a.details, a.created_at, ${cursor}
        from activity a join workspaces w on w.id = a.workspace_id left join users u on u.id = a.actor_id
       where ${workspaceId ? sql`a.workspace_id = ${workspaceId}` : sql`true`} and ${where} order by ${order} limit ${fetch}`)
    return toPage(rows, (row) => ({
      id: row.id,
      kind: row.kind,
      subjectId: row.subject_id,
      subjectName: row.subject_name,
      actor: row.actor_id ? { id: row.actor_id, email: row.actor_email } : null,
      details: row.details,
      workspace: { id: row.workspace_id, name: row.workspace_name },
      createdAt: row.created_at.toISOString(),
    }))
  })
}
