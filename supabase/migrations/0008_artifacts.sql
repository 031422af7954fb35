-- Canvas artifacts: tables, charts, documents and code made by the model during a chat (or
-- opened by a person from an answer or a document's table), and every version of them.
--
-- An artifact belongs to a conversation and, when a model made it, to that answer: deleting
-- either deletes it. Who may see or change it follows the conversation (its author; the
-- admins of its workspace and secret keys), through the author copied by a trigger, as messages do.

create table public.artifacts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  conversation_id uuid not null,
  message_id uuid,
  user_id uuid,
  kind text not null check (kind in ('table', 'chart', 'document', 'code')),
  title text not null check (char_length(title) between 1 and 200),
  version int not null default 1 check (version >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id),
  foreign key (workspace_id, conversation_id) references public.conversations (workspace_id, id) on delete cascade,
  foreign key (workspace_id, message_id) references public.messages (workspace_id, id) on delete cascade
);
create index artifacts_conversation_idx on public.artifacts (conversation_id, created_at, id);
create index artifacts_message_idx on public.artifacts (message_id);
create index artifacts_workspace_idx on public.artifacts (workspace_id);
create trigger artifacts_touch before update on public.artifacts for each row execute function app.touch_updated_at();

create table public.artifact_versions (
  workspace_id uuid not null,
  artifact_id uuid not null,
  version int not null check (version >= 1),
  user_id uuid,
  content jsonb not null,
  author text not null check (author in ('model', 'person')),
  -- The version this one restored, when it is a restore.
  restored_from int,
  created_at timestamptz not null default now(),
  primary key (artifact_id, version),
  foreign key (workspace_id, artifact_id) references public.artifacts (workspace_id, id) on delete cascade
);
create index artifact_versions_workspace_idx on public.artifact_versions (workspace_id);

create or replace function app.artifact_author() returns trigger language plpgsql security definer set search_path = '' as
$$
begin
  new.user_id := (select c.user_id from public.conversations c where c.id = new.conversation_id and c.workspace_id = new.workspace_id);
  return new;
end
$$;
create trigger artifacts_author before insert or update of conversation_id, user_id on public.artifacts
  for each row execute function app.artifact_author();

create or replace function app.artifact_version_author() returns trigger language plpgsql security definer set search_path = '' as
$$
begin
  new.user_id := (select a.user_id from public.artifacts a where a.id = new.artifact_id and a.workspace_id = new.workspace_id);
  return new;
end
$$;
create trigger artifact_versions_author before insert or update of artifact_id, user_id on public.artifact_versions
  for each row execute function app.artifact_version_author();
revoke all on function app.artifact_author(), app.artifact_version_author() from public;

revoke all on public.artifacts, public.artifact_versions from public, anon, authenticated;
grant select, insert, update, delete on public.artifacts to authenticated;
-- Versions are history: added, never rewritten.
grant select, insert on public.artifact_versions to authenticated;
alter table public.artifacts enable row level security;
alter table public.artifact_versions enable row level security;

create policy artifacts_select on public.artifacts for select to authenticated
  using (workspace_id in (select app.my_workspaces('admin')) or (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer'))));
create policy artifacts_insert on public.artifacts for insert to authenticated
  with check (workspace_id in (select app.my_workspaces('admin')) or (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer'))));
create policy artifacts_update on public.artifacts for update to authenticated
  using (workspace_id in (select app.my_workspaces('admin')) or (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer'))))
  with check (workspace_id in (select app.my_workspaces('admin')) or (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer'))));
create policy artifacts_delete on public.artifacts for delete to authenticated
  using (workspace_id in (select app.my_workspaces('admin')) or (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer'))));

create policy artifact_versions_select on public.artifact_versions for select to authenticated
  using (workspace_id in (select app.my_workspaces('admin')) or (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer'))));
create policy artifact_versions_insert on public.artifact_versions for insert to authenticated
  with check (workspace_id in (select app.my_workspaces('admin')) or (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer'))));
