import { asService, sql } from '../db'
import { enqueueDeliveries } from '../webhooks'
import type { Locale } from '../i18n'
import { alertEvent } from '../webhooks/slack'
import { readersLocale } from '../workspaces/locale'
import { alertKinds, ruleDefaults, type AlertKind } from './rules'

/** The stream error codes that say the model provider failed (lib/chat/answer.ts). */
const PROVIDER_ERRORS = ['unavailable:model', 'rate_limited:model', 'timeout:model']
/** How far back a resolution by hand still holds: only what happened after it can raise again. */
const HANDLED_FOR = '7 days'

export interface ChangedAlert {
  id: string
  workspace_id: string
  workspace_name: string
  /** The language of its webhook message (readersLocale). */
  locale: Locale
  kind: AlertKind
  subject: string
  subject_name: string | null
  value: number
  threshold: number
  details: Record<string, unknown>
  change: 'raised' | 'resolved'
}

const defaults = JSON.stringify(alertKinds.map((kind) => ({ kind, ...ruleDefaults[kind] })))

/**
 * One evaluation of every rule of every workspace, set-based: one statement finds what fires
 * (each rule reads its window through an index, per workspace), resolves the active alerts
 * whose condition cleared, raises new ones (the partial unique index keeps one active alert
 * per rule and subject), notifies the owners and admins, and the webhooks' deliveries are
 * queued in the same transaction. `now` is injectable for tests.
 */
export async function evaluateAlerts(now: Date = new Date()): Promise<{ raised: number; resolved: number }> {
  return asService(async (tx) => {
    // Two overlapping cycles (a cron call during the in-process one) would only redo the work.
    await tx.query(sql`select pg_advisory_xact_lock(7262738)`)
    const changed = await tx.query<ChangedAlert>(sql`
      with settings as (
        select * from jsonb_to_recordset(${defaults}::jsonb) as d(kind text, enabled boolean, threshold float8, "windowMinutes" int, "minSamples" int)
      ), rules as (
        select w.id as workspace_id, d.kind, coalesce(r.threshold, d.threshold) as threshold,
               coalesce(r.min_samples, d."minSamples") as min_samples,
               ${now}::timestamptz - make_interval(mins => coalesce(r.window_minutes, d."windowMinutes")) as since
          from workspaces w cross join settings d
          left join alert_rules r on r.workspace_id = w.id and r.kind = d.kind
         where coalesce(r.enabled, d.enabled)
      ), handled as (
        select workspace_id, kind, subject, max(resolved_at) as at from alerts
         where resolution = 'manual' and resolved_at > ${now}::timestamptz - ${HANDLED_FOR}::interval
         group by 1, 2, 3
      ), scoped as (
        select r.workspace_id, r.kind, r.threshold, r.min_samples, r.since, greatest(r.since, h.at) as since_handled
          from rules r left join handled h on h.workspace_id = r.workspace_id and h.kind = r.kind and h.subject = ''
      ), firing as (
        select s.workspace_id, s.kind, '' as subject, null::text as subject_name, m.unanswered::float8 / m.answers as value, s.threshold,
               jsonb_build_object('answers', m.answers, 'unanswered', m.unanswered) as details
          from scoped s cross join lateral (
            select count(*) as answers, count(*) filter (where unanswered) as unanswered from messages
             where workspace_id = s.workspace_id and created_at >= s.since_handled and created_at <= ${now}
               and role = 'assistant' and status = 'complete' and not candidate) m
         where s.kind = 'unanswered_rate' and m.answers >= s.min_samples and m.unanswered::float8 / m.answers > s.threshold
        union all
        select s.workspace_id, s.kind, '', null, m.n, s.threshold, '{}'::jsonb
          from scoped s cross join lateral (
            select count(*) as n from messages
             where workspace_id = s.workspace_id and feedback = -1 and feedback_at >= s.since_handled and feedback_at <= ${now}) m
         where s.kind = 'negative_feedback' and m.n >= s.threshold
        union all
        select s.workspace_id, s.kind, '', null, m.n, s.threshold, '{}'::jsonb
          from scoped s cross join lateral (
            select count(*) as n from messages
             where workspace_id = s.workspace_id and created_at >= s.since_handled and created_at <= ${now}
               and status = 'failed' and error_code = any(${PROVIDER_ERRORS}::text[])) m
         where s.kind = 'provider_errors' and m.n >= s.threshold
        union all
        select s.workspace_id, s.kind, '', null, m.n, s.threshold, '{}'::jsonb
          from scoped s cross join lateral (
            select coalesce(sum(refusals), 0) as n from rate_limit_refusals
             where workspace_id = s.workspace_id and minute >= s.since_handled and minute <= ${now}) m
         where s.kind = 'rate_limited' and m.n >= s.threshold
        union all
        select s.workspace_id, s.kind, d.id::text, d.name, 1, s.threshold, jsonb_build_object('reason', d.error_reason)
          from scoped s
          join documents d on d.workspace_id = s.workspace_id and d.status = 'failed' and d.processed_at >= s.since and d.processed_at <= ${now}
          left join handled h on h.workspace_id = d.workspace_id and h.kind = 'document_failures' and h.subject = d.id::text
         where s.kind = 'document_failures' and (h.at is null or d.processed_at > h.at)
      ), resolved as (
        update alerts a set status = 'resolved', resolved_at = ${now}, resolution = 'auto'
         where a.status <> 'resolved'
           and not exists (select 1 from firing f where f.workspace_id = a.workspace_id and f.kind = a.kind and f.subject = a.subject)
           -- a document's failure stays raised while the document is failed, however old
           and not (a.kind = 'document_failures' and exists (
             select 1 from documents d where d.workspace_id = a.workspace_id and d.id = nullif(a.subject, '')::uuid and d.status = 'failed'))
        returning a.*
      ), upserted as (
        insert into alerts (workspace_id, kind, subject, subject_name, value, threshold, details, raised_at, last_seen_at)
        select workspace_id, kind, subject, subject_name, value, threshold, details, ${now}, ${now} from firing
        on conflict (workspace_id, kind, subject) where status <> 'resolved'
        do update set value = excluded.value, details = excluded.details, last_seen_at = excluded.last_seen_at
        returning alerts.*, (xmax = 0) as inserted
      ), notified as (
        -- (data-modifying statements run to completion whether or not they are read)
        insert into notifications (user_id, workspace_id, alert_id, kind, details, created_at)
        select m.user_id, u.workspace_id, u.id, 'alert.raised',
               jsonb_build_object('alertKind', u.kind, 'subjectName', u.subject_name, 'value', u.value, 'threshold', u.threshold), ${now}
          from upserted u join workspace_members m on m.workspace_id = u.workspace_id and m.role in ('owner', 'admin')
         where u.inserted
        returning 1
      ), changes as (
        select u.id, u.workspace_id, u.kind, u.subject, u.subject_name, u.value, u.threshold, u.details, 'raised' as change from upserted u where u.inserted
        union all
        select r.id, r.workspace_id, r.kind, r.subject, r.subject_name, r.value, r.threshold, r.details, 'resolved' from resolved r
      ), readers as (
        select w.id, w.name, ${readersLocale(sql`w.id`)} as locale from workspaces w where w.id in (select workspace_id from changes)
      )
      select c.*, r.name as workspace_name, r.locale from changes c join readers r on r.id = c.workspace_id`)
    await enqueueDeliveries(tx, changed.map((alert) => ({ workspaceId: alert.workspace_id, ...alertEvent(alert, alert.locale) })), now)
    return {
      raised: changed.filter((alert) => alert.change === 'raised').length,
      resolved: changed.filter((alert) => alert.change === 'resolved').length,
    }
  })
}
