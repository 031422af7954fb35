import { z } from 'zod'
import { notFound } from '../api/errors'
import { keyset, pageQuery, type PageQuery } from '../api/pagination'
import { alertKinds } from '../alerts/rules'
import { asIdentity, sql, type Identity } from '../db'

/** A person's notifications, across their workspaces: alerts of workspaces they own or administer. */

export const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['alert.raised']),
  workspace: z.object({ id: z.uuid(), name: z.string() }),
  alertId: z.uuid().nullable(),
  alertKind: z.enum(alertKinds).nullable(),
  subjectName: z.string().nullable(),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
})
export type Notification = z.infer<typeof notificationSchema>

export const notificationsQuery = pageQuery.extend({ unread: z.enum(['true', 'false']).optional().describe('true: unread ones only') })

/** The unread count is counted up to this and shown as "99+" beyond. */
export const UNREAD_CAP = 100

type Row = {
  id: string
  workspace_id: string
  workspace_name: string
  alert_id: string | null
  details: { alertKind?: Notification['alertKind']; subjectName?: string | null; value?: number; threshold?: number }
  created_at: Date
  read_at: Date | null
  cursorAt: string
}

type UserIdentity = Identity & { kind: 'user' }

export async function listNotifications(identity: UserIdentity, page: PageQuery & { unread?: 'true' | 'false' }) {
  const { cursor, where, order, fetch, toPage } = keyset(page, { createdAt: sql`n.created_at`, id: sql`n.id` })
  return asIdentity(identity, async (tx) => {
    const rows = await tx.query<Row>(sql`
      select n.id, n.workspace_id, w.name as workspace_name, n.alert_id, n.details, n.created_at, n.read_at, ${cursor}
        from notifications n join workspaces w on w.id = n.workspace_id
       where n.user_id = ${identity.userId} and ${page.unread === 'true' ? sql`n.read_at is null` : sql`true`} and ${where}
       order by ${order} limit ${fetch}`)
    const [{ unread }] = await tx.query<{ unread: number }>(sql`
      select count(*)::int as unread from (select 1 from notifications where user_id = ${identity.userId} and read_at is null limit ${UNREAD_CAP}) n`)
    return {
      ...toPage(rows, (row): Notification => ({
        id: row.id,
        kind: 'alert.raised',
        workspace: { id: row.workspace_id, name: row.workspace_name },
        alertId: row.alert_id,
        alertKind: row.details.alertKind ?? null,
        subjectName: row.details.subjectName ?? null,
        value: row.details.value ?? null,
        threshold: row.details.threshold ?? null,
        createdAt: row.created_at.toISOString(),
        readAt: row.read_at?.toISOString() ?? null,
      })),
      unread,
    }
  })
}

export async function unreadCount(identity: UserIdentity): Promise<number> {
  const [row] = await asIdentity(identity, (tx) =>
    tx.query<{ unread: number }>(sql`
      select count(*)::int as unread from (select 1 from notifications where user_id = ${identity.userId} and read_at is null limit ${UNREAD_CAP}) n`),
  )
  return row.unread
}

export async function markRead(identity: UserIdentity, id: string): Promise<void> {
  await asIdentity(identity, async (tx) => {
    const rows = await tx.query(sql`update notifications set read_at = coalesce(read_at, now()) where id = ${id} and user_id = ${identity.userId} returning id`)
    if (!rows.length) throw notFound('notification', 'This notification')
  })
}

export async function markAllRead(identity: UserIdentity): Promise<{ marked: number }> {
  return asIdentity(identity, async (tx) => {
    const rows = await tx.query(sql`update notifications set read_at = now() where user_id = ${identity.userId} and read_at is null returning id`)
    return { marked: rows.length }
  })
}
