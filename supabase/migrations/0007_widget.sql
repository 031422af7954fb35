-- The embeddable widget: its visitors, their conversations, and the workspace's widget secrets.
--
-- A widget visitor is no member of anything: the server verifies the public key and the
-- visitor's signed token, then runs the visitor's queries under claims
-- `{"app_visitor": {"workspace_id", "visitor_id", "key_id"}}`. The policies below let such a
-- caller read its workspace's settings and searchable documents (to be answered) and read and
-- write only the widget conversations of its own visitor id.

-- A visitor who starts over (reset) ends the conversation; admins still see it in the dashboard.
alter table public.conversations add column reset_at timestamptz;
create index conversations_visitor_idx on public.conversations (workspace_id, visitor_id, last_message_at desc)
  where visitor_id is not null;
alter table public.conversations add constraint conversations_widget_visitor
  check ((channel = 'widget') = (visitor_id is not null) and (visitor_id is null or char_length(visitor_id) <= 200));

-- Per workspace: the secret the host signs its users' ids with (identify), shown to admins and
-- rotatable, and the secret visitor tokens are signed with, which never leaves the server.
create table public.widget_secrets (
  workspace_id uuid primary key references public.workspaces (id) on delete cascade,
  identity_secret text not null,
  token_secret text not null,
  updated_at timestamptz not null default now()
);
revoke all on public.widget_secrets from public, anon, authenticated;
grant select (workspace_id, identity_secret, updated_at) on public.widget_secrets to authenticated;
alter table public.widget_secrets enable row level security;
create policy widget_secrets_select on public.widget_secrets for select to authenticated
  using (workspace_id in (select app.my_workspaces('admin')));

create or replace function app.visitor_workspace() returns uuid language sql stable set search_path = '' as
$$ select nullif(app.claims() -> 'app_visitor' ->> 'workspace_id', '')::uuid $$;
create or replace function app.visitor_id() returns text language sql stable set search_path = '' as
$$ select nullif(app.claims() -> 'app_visitor' ->> 'visitor_id', '') $$;

create policy workspaces_select_visitor on public.workspaces for select to authenticated
  using (id = (select app.visitor_workspace()));
create policy documents_select_visitor on public.documents for select to authenticated
  using (workspace_id = (select app.visitor_workspace()));
create policy chunks_select_visitor on public.chunks for select to authenticated
  using (workspace_id = (select app.visitor_workspace()));
create policy postings_select_visitor on public.postings for select to authenticated
  using (workspace_id = (select app.visitor_workspace()));
create policy workspace_stats_select_visitor on public.workspace_stats for select to authenticated
  using (workspace_id = (select app.visitor_workspace()));
create policy terms_select_visitor on public.terms for select to authenticated
  using (workspace_id = (select app.visitor_workspace()));
create policy workspace_suggestions_select_visitor on public.workspace_suggestions for select to authenticated
  using (workspace_id = (select app.visitor_workspace()));

create policy conversations_select_visitor on public.conversations for select to authenticated
  using (workspace_id = (select app.visitor_workspace()) and channel = 'widget' and visitor_id = (select app.visitor_id()));
create policy conversations_insert_visitor on public.conversations for insert to authenticated
  with check (workspace_id = (select app.visitor_workspace()) and channel = 'widget' and visitor_id = (select app.visitor_id()) and user_id is null);
create policy conversations_update_visitor on public.conversations for update to authenticated
  using (workspace_id = (select app.visitor_workspace()) and channel = 'widget' and visitor_id = (select app.visitor_id()))
  with check (workspace_id = (select app.visitor_workspace()) and channel = 'widget' and visitor_id = (select app.visitor_id()) and user_id is null);

-- A message is the visitor's when its conversation is (that subquery runs under the policies above).
create policy messages_select_visitor on public.messages for select to authenticated
  using (workspace_id = (select app.visitor_workspace()) and conversation_id in (select c.id from public.conversations c where c.channel = 'widget'));
create policy messages_insert_visitor on public.messages for insert to authenticated
  with check (workspace_id = (select app.visitor_workspace()) and conversation_id in (select c.id from public.conversations c where c.channel = 'widget'));
create policy messages_update_visitor on public.messages for update to authenticated
  using (workspace_id = (select app.visitor_workspace()) and conversation_id in (select c.id from public.conversations c where c.channel = 'widget'))
  with check (workspace_id = (select app.visitor_workspace()) and conversation_id in (select c.id from public.conversations c where c.channel = 'widget'));
