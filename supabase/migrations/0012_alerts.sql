-- What happens in a workspace and who needs to know: the activity feed, people's notifications,
-- alert rules and alerts, and webhooks with their delivery queue.

-- The activity feed is written by triggers, in the transaction of the change itself, whoever
-- makes it (the dashboard, a secret key, the processing queue, the alert evaluator).
create table public.activity (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  kind text not null check (kind in ('document.uploaded', 'document.failed', 'key.created', 'key.revoked', 'member.added', 'alert.raised')),
  subject_id uuid,
  subject_name text,
  -- The person who acted (null for a secret key or the server's own work).
  actor_id uuid,
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index activity_workspace_idx on public.activity (workspace_id, created_at desc, id desc);

create or replace function app.record_activity(ws uuid, what text, subject uuid, subject_name text, details jsonb) returns void
language sql security definer set search_path = '' as
$$ insert into public.activity (workspace_id, kind, subject_id, subject_name, actor_id, details) values (ws, what, subject, subject_name, auth.uid(), details) $$;
revoke all on function app.record_activity(uuid, text, uuid, text, jsonb) from public;

create or replace function app.document_activity() returns trigger language plpgsql security definer set search_path = '' as
$$
begin
  if tg_op = 'INSERT' then
    perform app.record_activity(new.workspace_id, 'document.uploaded', new.id, new.name, jsonb_build_object('type', new.type, 'sizeBytes', new.size_bytes));
  end if;
  if new.status = 'failed' and (tg_op = 'INSERT' or old.status <> 'failed') then
    perform app.record_activity(new.workspace_id, 'document.failed', new.id, new.name, jsonb_build_object('reason', new.error_reason));
  end if;
  return null;
end
$$;
create trigger documents_activity after insert or update of status on public.documents
  for each row execute function app.document_activity();

create or replace function app.key_activity() returns trigger language plpgsql security definer set search_path = '' as
$$
begin
  if tg_op = 'INSERT' then
    perform app.record_activity(new.workspace_id, 'key.created', new.id, new.name, jsonb_build_object('kind', new.kind, 'prefix', new.prefix));
  elsif old.revoked_at is null and new.revoked_at is not null then
    perform app.record_activity(new.workspace_id, 'key.revoked', new.id, new.name, jsonb_build_object('kind', new.kind, 'prefix', new.prefix));
  end if;
  return null;
end
$$;
create trigger api_keys_activity after insert or update of revoked_at on public.api_keys
  for each row execute function app.key_activity();

create or replace function app.member_activity() returns trigger language plpgsql security definer set search_path = '' as
$$
begin
  -- The creator of a new workspace is its first member: not news.
  if exists (select 1 from public.workspaces w where w.id = new.workspace_id and w.created_by = new.user_id) then return null; end if;
  perform app.record_activity(new.workspace_id, 'member.added', new.user_id, (select u.email::text from public.users u where u.id = new.user_id),
    jsonb_build_object('role', new.role));
  return null;
end
$$;
create trigger workspace_members_activity after insert on public.workspace_members
  for each row execute function app.member_activity();

-- Alert rules: a row only when a workspace changed a rule from its defaults (lib/alerts/rules.ts).
create table public.alert_rules (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  kind text not null check (kind in ('unanswered_rate', 'negative_feedback', 'document_failures', 'rate_limited', 'provider_errors')),
  enabled boolean not null,
  threshold double precision not null check (threshold >= 0),
  window_minutes int not null check (window_minutes between 5 and 10080),
  min_samples int not null check (min_samples between 1 and 100000),
  updated_by uuid references public.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (workspace_id, kind)
);

-- An alert is open, then acknowledged, then resolved (by the evaluator when its condition
-- clears, or by hand). One alert per rule and subject is ever not resolved.
create table public.alerts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  kind text not null check (kind in ('unanswered_rate', 'negative_feedback', 'document_failures', 'rate_limited', 'provider_errors')),
  -- '' for the workspace as a whole, a document id for a document's failure.
  subject text not null default '',
  subject_name text,
  status text not null default 'open' check (status in ('open', 'acknowledged', 'resolved')),
  value double precision not null,
  threshold double precision not null,
  details jsonb not null default '{}'::jsonb,
  raised_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  acknowledged_by uuid references public.users (id) on delete set null,
  resolved_at timestamptz,
  resolved_by uuid references public.users (id) on delete set null,
  resolution text check (resolution in ('auto', 'manual')),
  unique (workspace_id, id),
  check ((status = 'resolved') = (resolved_at is not null))
);
create unique index alerts_active_idx on public.alerts (workspace_id, kind, subject) where status <> 'resolved';
create index alerts_workspace_idx on public.alerts (workspace_id, raised_at desc, id desc);
create index alerts_resolved_by_hand_idx on public.alerts (resolved_at) where resolution = 'manual';

create or replace function app.alert_activity() returns trigger language plpgsql security definer set search_path = '' as
$$
begin
  perform app.record_activity(new.workspace_id, 'alert.raised', new.id, new.subject_name,
    jsonb_build_object('alertKind', new.kind, 'value', new.value, 'threshold', new.threshold));
  return null;
end
$$;
create trigger alerts_activity after insert on public.alerts for each row execute function app.alert_activity();

-- The rules read what they watch through indexes: negative feedback and failed documents by
-- workspace and time; widget refusals counted per workspace and minute.
create index messages_negative_feedback_idx on public.messages (workspace_id, feedback_at) where feedback = -1;
create index documents_failed_idx on public.documents (workspace_id, processed_at) where status = 'failed';
create table public.rate_limit_refusals (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  minute timestamptz not null,
  refusals int not null default 0,
  primary key (workspace_id, minute)
);

-- A person's notifications (an alert of a workspace they own or administer).
create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  alert_id uuid,
  kind text not null check (kind in ('alert.raised')),
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  foreign key (workspace_id, alert_id) references public.alerts (workspace_id, id) on delete cascade
);
create index notifications_user_idx on public.notifications (user_id, created_at desc, id desc);
create index notifications_unread_idx on public.notifications (user_id) where read_at is null;

-- Webhooks: Slack-compatible JSON signed with the webhook's secret, sent from a queue.
create table public.webhooks (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  url text not null check (char_length(url) between 1 and 2000),
  description text not null default '' check (char_length(description) <= 200),
  secret text not null,
  enabled boolean not null default true,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id)
);
create index webhooks_workspace_idx on public.webhooks (workspace_id, created_at desc, id desc);
create trigger webhooks_touch before update on public.webhooks for each row execute function app.touch_updated_at();

create table public.webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  webhook_id uuid not null,
  event text not null check (char_length(event) <= 100),
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  response_status int,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  foreign key (workspace_id, webhook_id) references public.webhooks (workspace_id, id) on delete cascade
);
create index webhook_deliveries_due_idx on public.webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_webhook_idx on public.webhook_deliveries (webhook_id, created_at desc, id desc);
create index webhook_deliveries_workspace_idx on public.webhook_deliveries (workspace_id);

revoke all on public.activity, public.alert_rules, public.alerts, public.rate_limit_refusals, public.notifications,
  public.webhooks, public.webhook_deliveries from public, anon, authenticated;
grant select on public.activity to authenticated;
grant select, insert, update, delete on public.alert_rules to authenticated;
grant select on public.alerts to authenticated;
grant update (status, acknowledged_at, acknowledged_by, resolved_at, resolved_by, resolution) on public.alerts to authenticated;
grant select on public.notifications to authenticated;
grant update (read_at) on public.notifications to authenticated;
grant select, insert, update, delete on public.webhooks to authenticated;
grant select, insert on public.webhook_deliveries to authenticated;

alter table public.activity enable row level security;
alter table public.alert_rules enable row level security;
alter table public.alerts enable row level security;
alter table public.rate_limit_refusals enable row level security;
alter table public.notifications enable row level security;
alter table public.webhooks enable row level security;
alter table public.webhook_deliveries enable row level security;

-- Everyone in a workspace reads its feed, but keys are an admin's business (as in api_keys).
create policy activity_select on public.activity for select to authenticated
  using (workspace_id in (select app.my_workspaces('viewer')) and (kind not like 'key.%' or workspace_id in (select app.my_workspaces('admin'))));
create policy alert_rules_select on public.alert_rules for select to authenticated
  using (workspace_id in (select app.my_workspaces('admin')));
create policy alert_rules_insert on public.alert_rules for insert to authenticated
  with check (workspace_id in (select app.my_workspaces('admin')));
create policy alert_rules_update on public.alert_rules for update to authenticated
  using (workspace_id in (select app.my_workspaces('admin'))) with check (workspace_id in (select app.my_workspaces('admin')));
create policy alert_rules_delete on public.alert_rules for delete to authenticated
  using (workspace_id in (select app.my_workspaces('admin')));
create policy alerts_select on public.alerts for select to authenticated
  using (workspace_id in (select app.my_workspaces('viewer')));
create policy alerts_update on public.alerts for update to authenticated
  using (workspace_id in (select app.my_workspaces('admin'))) with check (workspace_id in (select app.my_workspaces('admin')));
create policy notifications_select on public.notifications for select to authenticated
  using (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer')));
create policy notifications_update on public.notifications for update to authenticated
  using (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer')))
  with check (user_id = (select auth.uid()));
create policy webhooks_select on public.webhooks for select to authenticated
  using (workspace_id in (select app.my_workspaces('admin')));
create policy webhooks_insert on public.webhooks for insert to authenticated
  with check (workspace_id in (select app.my_workspaces('admin')));
create policy webhooks_update on public.webhooks for update to authenticated
  using (workspace_id in (select app.my_workspaces('admin'))) with check (workspace_id in (select app.my_workspaces('admin')));
create policy webhooks_delete on public.webhooks for delete to authenticated
  using (workspace_id in (select app.my_workspaces('admin')));
create policy webhook_deliveries_select on public.webhook_deliveries for select to authenticated
  using (workspace_id in (select app.my_workspaces('admin')));
create policy webhook_deliveries_insert on public.webhook_deliveries for insert to authenticated
  with check (workspace_id in (select app.my_workspaces('admin')));
