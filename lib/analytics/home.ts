import { config } from '../config'
import { asIdentity, sql, type Identity } from '../db'
import { addDays, dayOf } from './range'
import type { Channel } from './schemas'

export const HOME_PERIODS = [7, 30, 90] as const
export type HomePeriod = (typeof HOME_PERIODS)[number]

export interface HomeStats {
  days: HomePeriod
  workspaces: number
  documents: number
  conversations: number
  messages: number
  storageBytes: number
  storageLimitBytes: number
  recent: { id: string; workspaceId: string; workspaceName: string; title: string; channel: Channel; lastMessageAt: string }[]
}

const RECENT = 8

/**
 * The dashboard home of a person: figures over the workspaces they belong to, for the last
 * `days` days. Conversations and messages come from the rollups in the workspaces they
 * administer, and from their own conversations elsewhere (what row-level security lets them read).
 */
export async function homeStats(identity: Identity & { kind: 'user' }, days: HomePeriod, now = new Date()): Promise<HomeStats> {
  const to = dayOf(now)
  const from = addDays(to, -(days - 1))
  return asIdentity(identity, async (tx) => {
    const workspaces = await tx.query<{ id: string; name: string; admin: boolean }>(sql`
      select w.id, w.name, m.role in ('admin', 'owner') as admin from workspaces w
        join workspace_members m on m.workspace_id = w.id and m.user_id = ${identity.userId}`)
    const ids = workspaces.map((w) => w.id)
    const others = workspaces.filter((w) => !w.admin).map((w) => w.id)
    const [documents] = await tx.query<{ documents: number; bytes: number }>(sql`
      select count(*)::int as documents, coalesce(sum(size_bytes), 0)::float8 as bytes from documents where workspace_id = any (${ids}::uuid[])`)
    const [rolled] = await tx.query<{ conversations: number; messages: number }>(sql`
      select coalesce(sum(conversations), 0)::int as conversations, coalesce(sum(questions + answers), 0)::int as messages
        from analytics_days where workspace_id = any (${ids}::uuid[]) and day between ${from} and ${to}`)
    const [own] = others.length
      ? await tx.query<{ conversations: number; messages: number }>(sql`
          select (select count(*)::int from conversations where workspace_id = any (${others}::uuid[]) and user_id = ${identity.userId} and created_at >= ${from}::date) as conversations,
                 (select count(*)::int from messages where workspace_id = any (${others}::uuid[]) and user_id = ${identity.userId} and created_at >= ${from}::date and not candidate) as messages`)
      : [{ conversations: 0, messages: 0 }]
    const recent = await tx.query<HomeStats['recent'][number]>(sql`
      select c.id, c.workspace_id as "workspaceId", w.name as "workspaceName", c.title, c.channel, c.last_message_at as "lastMessageAt"
        from unnest(${ids}::uuid[]) as mine(id)
        join workspaces w on w.id = mine.id
       cross join lateral (select * from conversations c where c.workspace_id = mine.id order by c.last_message_at desc, c.id desc limit ${RECENT}) c
       order by c.last_message_at desc, c.id desc limit ${RECENT}`)
    return {
      days,
      workspaces: workspaces.length,
      documents: documents.documents,
      conversations: rolled.conversations + own.conversations,
      messages: rolled.messages + own.messages,
      storageBytes: documents.bytes,
      storageLimitBytes: config().workspaceStorageBytes * Math.max(workspaces.length, 1),
      recent: recent.map((r) => ({ ...r, lastMessageAt: new Date(r.lastMessageAt).toISOString() })),
    }
  })
}
