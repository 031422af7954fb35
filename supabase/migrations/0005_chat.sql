-- Conversations and their messages.
--
-- A conversation belongs to the person who started it (user_id), to the API (a secret key,
-- user_id null) or, later, to a widget visitor. People see their own conversations; admins
-- (and secret keys, which act as admins) see every conversation of the workspace.

create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid references public.users (id) on delete cascade,
  channel text not null default 'dashboard' check (channel in ('dashboard', 'api', 'widget')),
  visitor_id text,
  title text not null default '' check (char_length(title) <= 200),
  title_source text not null default 'auto' check (title_source in ('auto', 'user')),
  folder text check (char_length(folder) between 1 and 100),
  favorite boolean not null default false,
  tags text[] not null default '{}' check (cardinality(tags) <= 20),
  -- Set while an answer streams, so that two sends never interleave; it expires on its own
  -- if the server dies mid-answer.
  busy_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_message_at timestamptz not null default now(),
  -- The words of the title and of every message, kept by triggers: the search box finds
  -- conversations with one index lookup instead of scanning matching messages.
  search_tsv tsvector not null default '',
  unique (workspace_id, id)
);
create index conversations_recent_idx on public.conversations (workspace_id, user_id, last_message_at desc, id desc);
create index conversations_workspace_recent_idx on public.conversations (workspace_id, last_message_at desc, id desc);
create index conversations_tags_idx on public.conversations using gin (tags);
create index conversations_search_idx on public.conversations using gin (search_tsv);
create trigger conversations_touch before update on public.conversations for each row execute function app.touch_updated_at();

create table public.messages (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  conversation_id uuid not null,
  -- The conversation's author, copied by a trigger so that policies need no join.
  user_id uuid,
  -- Order within a conversation, whatever the clock says.
  seq bigint generated always as identity,
  role text not null check (role in ('user', 'assistant')),
  -- The answer's question (assistant messages); deleting a question deletes its answers.
  reply_to uuid references public.messages (id) on delete cascade,
  parts jsonb not null default '[]',
  content text not null default '' check (char_length(content) <= 200000),
  citations jsonb not null default '[]',
  status text not null default 'complete' check (status in ('streaming', 'complete', 'interrupted', 'failed')),
  error_code text,
  model text,
  input_tokens int,
  output_tokens int,
  ttft_ms int,
  total_ms int,
  -- The documents did not contain the answer (no source, or an answer that cites none).
  unanswered boolean not null default false,
  -- One of several models' answers to the same question, until one is kept.
  candidate boolean not null default false,
  -- The question as it was searched (follow-ups rewritten with the history).
  search_query text,
  feedback smallint check (feedback in (-1, 1)),
  feedback_comment text check (char_length(feedback_comment) <= 2000),
  feedback_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id),
  foreign key (workspace_id, conversation_id) references public.conversations (workspace_id, id) on delete cascade
);
create index messages_conversation_idx on public.messages (conversation_id, seq);
create index messages_workspace_idx on public.messages (workspace_id, created_at);
create index messages_reply_to_idx on public.messages (reply_to);
create trigger messages_touch before update on public.messages for each row execute function app.touch_updated_at();

create or replace function app.conversation_words(conversation uuid, title text) returns tsvector
language sql stable security definer set search_path = '' as
$$
  select setweight(to_tsvector('public.simple_unaccent', coalesce(title, '')), 'A')
      || to_tsvector('public.simple_unaccent', coalesce((select string_agg(left(m.content, 4000), ' ' order by m.seq) from public.messages m where m.conversation_id = conversation), ''))
$$;
revoke all on function app.conversation_words(uuid, text) from public;

create or replace function app.conversation_title_words() returns trigger language plpgsql security definer set search_path = '' as
$$
begin
  new.search_tsv := app.conversation_words(new.id, new.title);
  return new;
end
$$;
create trigger conversations_words before insert or update of title on public.conversations
  for each row execute function app.conversation_title_words();

create or replace function app.message_words() returns trigger language plpgsql security definer set search_path = '' as
$$
declare
  conversation uuid := coalesce(new.conversation_id, old.conversation_id);
begin
  update public.conversations c set search_tsv = app.conversation_words(c.id, c.title) where c.id = conversation;
  return null;
end
$$;
-- An answer's placeholder is inserted empty and written once at its end: only real words count.
create trigger messages_words_insert after insert on public.messages
  for each row when (new.content <> '') execute function app.message_words();
create trigger messages_words_update after update of content on public.messages
  for each row when (old.content is distinct from new.content) execute function app.message_words();
create trigger messages_words_delete after delete on public.messages
  for each row when (old.content <> '') execute function app.message_words();

-- Starter questions per workspace, recomputed when its documents change.
create table public.workspace_suggestions (
  workspace_id uuid primary key references public.workspaces (id) on delete cascade,
  documents_version text not null,
  questions jsonb not null,
  updated_at timestamptz not null default now()
);

revoke all on public.conversations, public.messages, public.workspace_suggestions from public, anon, authenticated;
grant select, insert, update, delete on public.conversations, public.messages to authenticated;
grant select on public.workspace_suggestions to authenticated;
alter table public.conversations enable row level security;
alter table public.messages enable row level security;
alter table public.workspace_suggestions enable row level security;

-- The author of a conversation sees it; so do the admins of its workspace. One can only
-- start a conversation as oneself (or, with a secret key, as the API: no user).
create policy conversations_select on public.conversations for select to authenticated
  using (workspace_id in (select app.my_workspaces('admin')) or (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer'))));
create policy conversations_insert on public.conversations for insert to authenticated
  with check (workspace_id in (select app.my_workspaces('viewer')) and user_id is not distinct from (select auth.uid()));
create policy conversations_update on public.conversations for update to authenticated
  using (workspace_id in (select app.my_workspaces('admin')) or (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer'))))
  with check (workspace_id in (select app.my_workspaces('admin')) or (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer'))));
create policy conversations_delete on public.conversations for delete to authenticated
  using (workspace_id in (select app.my_workspaces('admin')) or (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer'))));

create or replace function app.message_author() returns trigger language plpgsql security definer set search_path = '' as
$$
begin
  new.user_id := (select c.user_id from public.conversations c where c.id = new.conversation_id and c.workspace_id = new.workspace_id);
  return new;
end
$$;
create trigger messages_author before insert or update of conversation_id, user_id on public.messages
  for each row execute function app.message_author();

create policy messages_select on public.messages for select to authenticated
  using (workspace_id in (select app.my_workspaces('admin')) or (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer'))));
create policy messages_insert on public.messages for insert to authenticated
  with check (workspace_id in (select app.my_workspaces('admin')) or (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer'))));
create policy messages_update on public.messages for update to authenticated
  using (workspace_id in (select app.my_workspaces('admin')) or (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer'))))
  with check (workspace_id in (select app.my_workspaces('admin')) or (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer'))));
create policy messages_delete on public.messages for delete to authenticated
  using (workspace_id in (select app.my_workspaces('admin')) or (user_id = (select auth.uid()) and workspace_id in (select app.my_workspaces('viewer'))));

create policy workspace_suggestions_select on public.workspace_suggestions for select to authenticated
  using (workspace_id in (select app.my_workspaces('viewer')));
