/** Activity of the kind the alert rules watch, written straight into the database at a given time. */
import { sql, type Queryable } from '../../lib/db'

export interface Traffic {
  at: Date
  answers?: number
  unanswered?: number
  negative?: number
  providerErrors?: number
  refusals?: number
}

/** One API conversation holding `answers` answers (the first `unanswered` of them unanswered, the first `negative` rated down) and failed ones. */
export async function seedTraffic(tx: Queryable, workspaceId: string, traffic: Traffic): Promise<void> {
  const { at, answers = 0, unanswered = 0, negative = 0, providerErrors = 0, refusals = 0 } = traffic
  if (answers || providerErrors) {
    const [conversation] = await tx.query<{ id: string }>(sql`
      insert into conversations (workspace_id, channel, title, created_at, last_message_at) values (${workspaceId}, 'api', 'traffic', ${at}, ${at}) returning id`)
    await tx.query(sql`
      insert into messages (workspace_id, conversation_id, role, content, status, error_code, unanswered, feedback, feedback_at, created_at)
      select ${workspaceId}::uuid, ${conversation.id}::uuid, 'assistant', 'answer', 'complete', null, i <= ${unanswered}, case when i <= ${negative} then -1 end,
             case when i <= ${negative} then ${at}::timestamptz end, ${at}::timestamptz
        from generate_series(1, ${answers}::int) as i
      union all
      select ${workspaceId}::uuid, ${conversation.id}::uuid, 'assistant', '', 'failed', 'unavailable:model', false, null, null, ${at}::timestamptz
        from generate_series(1, ${providerErrors}::int)`)
  }
  if (refusals) {
    await tx.query(sql`
      insert into rate_limit_refusals (workspace_id, minute, refusals) values (${workspaceId}, date_trunc('minute', ${at}::timestamptz), ${refusals})
      on conflict (workspace_id, minute) do update set refusals = rate_limit_refusals.refusals + excluded.refusals`)
  }
}

/** A document whose processing failed at `at`. */
export async function failedDocument(tx: Queryable, workspaceId: string, name: string, at: Date): Promise<string> {
  const [row] = await tx.query<{ id: string }>(sql`
    insert into documents (workspace_id, name, type, size_bytes, status, error_reason, processed_at, created_at)
    values (${workspaceId}, ${name}, 'pdf', 100, 'failed', 'encrypted', ${at}, ${at}) returning id`)
  return row.id
}
