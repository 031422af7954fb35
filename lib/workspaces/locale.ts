import { sql, type Sql } from '../db'

/**
 * The language a workspace's messages are written in when nobody in particular reads them
 * (weekly reports, webhook messages), as SQL over a workspace id: its first owner's who chose
 * one, else the language of most of its documents, else English.
 */
export const readersLocale = (workspaceId: Sql) => sql`coalesce(
  (select u.locale from workspace_members m join users u on u.id = m.user_id
    where m.workspace_id = ${workspaceId} and m.role = 'owner' and u.locale is not null order by m.created_at limit 1),
  (select d.language from documents d where d.workspace_id = ${workspaceId} and d.status = 'ready' and d.language in ('en', 'fr')
    group by d.language order by count(*) desc limit 1),
  'en')`
