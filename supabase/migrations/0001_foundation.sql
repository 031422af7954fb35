-- Foundation: users, sessions, workspaces, members, API keys, rate limits.
-- Runs unchanged on PGlite, on Postgres 15+ with pgvector, and on Supabase.

create extension if not exists vector;
create extension if not exists pg_trgm;
create extension if not exists unaccent;
create extension if not exists citext;

-- The roles Supabase has; elsewhere we create them so the same policies apply.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then create role anon nologin noinherit; end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then create role authenticated nologin noinherit; end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then create role service_role nologin noinherit bypassrls; end if;
  if not pg_has_role(current_user, 'authenticated', 'member') then
    execute format('grant authenticated to %I', current_user);
  end if;
end $$;

-- auth.uid() as Supabase defines it, for PGlite and plain Postgres.
create schema if not exists auth;
do $$
begin
  if not exists (select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'auth' and p.proname = 'uid') then
    create function auth.uid() returns uuid language sql stable as
      $f$ select nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub', '')::uuid $f$;
  end if;
end $$;
grant usage on schema auth to anon, authenticated;

-- Helpers for policies live in a schema the Data API does not expose.
create schema if not exists app;
revoke all on schema app from public;
grant usage on schema app to authenticated;

create or replace function app.claims() returns jsonb language sql stable set search_path = '' as
$$ select coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb, '{}'::jsonb) $$;

create or replace function app.role_rank(role text) returns int language sql immutable set search_path = '' as
$$ select case role when 'viewer' then 1 when 'member' then 2 when 'admin' then 3 when 'owner' then 4 else 0 end $$;

-- French and English full text, accent-insensitive.
do $$
begin
  if not exists (select 1 from pg_ts_config where cfgname = 'french_unaccent') then
    create text search configuration public.french_unaccent (copy = pg_catalog.french);
    alter text search configuration public.french_unaccent alter mapping for hword, hword_part, word with unaccent, french_stem;
  end if;
  if not exists (select 1 from pg_ts_config where cfgname = 'english_unaccent') then
    create text search configuration public.english_unaccent (copy = pg_catalog.english);
    alter text search configuration public.english_unaccent alter mapping for hword, hword_part, word with unaccent, english_stem;
  end if;
end $$;

create or replace function app.touch_updated_at() returns trigger language plpgsql set search_path = '' as
$$ begin new.updated_at = now(); return new; end $$;

-- Users. With Supabase Auth the id is auth.users.id and password_hash stays null.
create table public.users (
  id uuid primary key default gen_random_uuid(),
  email citext not null unique check (char_length(email) <= 254),
  name text check (char_length(name) <= 100),
  password_hash text,
  locale text check (locale in ('en', 'fr')),
  created_at timestamptz not null default now()
);

-- Built-in auth sessions: the cookie holds a random token, this table its SHA-256.
create table public.sessions (
  token_hash text primary key,
  user_id uuid not null references public.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  user_agent text,
  ip text
);
create index sessions_user_id_idx on public.sessions (user_id);

create table public.workspaces (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 100),
  system_prompt text not null default '' check (char_length(system_prompt) <= 8000),
  model text check (char_length(model) <= 200),
  temperature real not null default 0.2 check (temperature >= 0 and temperature <= 2),
  allowed_domains text[] not null default '{}',
  widget jsonb not null default '{}'::jsonb,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger workspaces_touch before update on public.workspaces for each row execute function app.touch_updated_at();

create table public.workspace_members (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'member', 'viewer')),
  created_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
create index workspace_members_user_id_idx on public.workspace_members (user_id);

create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  kind text not null check (kind in ('secret', 'public')),
  name text not null check (char_length(name) between 1 and 100),
  prefix text not null,
  token_hash text not null unique,
  -- Public keys are published in every embedding page, so the dashboard may show them again.
  public_token text check ((kind = 'public') = (public_token is not null)),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  unique (workspace_id, id)
);
create index api_keys_workspace_id_idx on public.api_keys (workspace_id, created_at desc);

-- Fixed-window counters shared by every server instance (sign-in, widget).
create table public.rate_limits (
  bucket text not null,
  window_start timestamptz not null,
  hits int not null default 0,
  primary key (bucket, window_start)
);

-- The workspaces the caller may act on with at least min_role: memberships of the signed-in
-- user, or the one workspace of a secret key (which acts as an admin).
create or replace function app.my_workspaces(min_role text default 'viewer') returns setof uuid
language sql stable security definer set search_path = '' as
$$
  select m.workspace_id from public.workspace_members m
   where m.user_id = auth.uid() and app.role_rank(m.role) >= app.role_rank(min_role)
  union all
  select (app.claims() -> 'app_key' ->> 'workspace_id')::uuid
   where app.role_rank(app.claims() -> 'app_key' ->> 'role') >= app.role_rank(min_role)
$$;

-- The creator of a workspace becomes its owner.
create or replace function app.add_creator_as_owner() returns trigger language plpgsql security definer set search_path = '' as
$$
begin
  if new.created_by is not null then
    insert into public.workspace_members (workspace_id, user_id, role) values (new.id, new.created_by, 'owner');
  end if;
  return new;
end
$$;
create trigger workspaces_creator_owner after insert on public.workspaces for each row execute function app.add_creator_as_owner();

-- Ownership rules hold whoever writes: only an owner grants, changes or removes an owner
-- (the first owner of a new workspace aside), and a workspace always keeps one owner.
create or replace function app.guard_membership() returns trigger language plpgsql security definer set search_path = '' as
$$
declare
  ws uuid := coalesce(new.workspace_id, old.workspace_id);
  touches_owner boolean := (tg_op <> 'DELETE' and new.role = 'owner') or (tg_op <> 'INSERT' and old.role = 'owner');
  in_request boolean := app.claims() <> '{}'::jsonb;
begin
  if touches_owner and in_request
     and exists (select 1 from public.workspace_members m where m.workspace_id = ws and m.role = 'owner')
     and not exists (select 1 from public.workspace_members m where m.workspace_id = ws and m.user_id = auth.uid() and m.role = 'owner') then
    raise exception 'only an owner can grant, change or remove the owner role' using errcode = 'MN002';
  end if;
  if tg_op <> 'INSERT' and old.role = 'owner' and (tg_op = 'DELETE' or new.role <> 'owner')
     and exists (select 1 from public.workspaces w where w.id = old.workspace_id)
     and not exists (select 1 from public.workspace_members m where m.workspace_id = old.workspace_id and m.role = 'owner' and m.user_id <> old.user_id) then
    raise exception 'a workspace must keep at least one owner' using errcode = 'MN001';
  end if;
  return coalesce(new, old);
end
$$;
create trigger workspace_members_guard before insert or update or delete on public.workspace_members
  for each row execute function app.guard_membership();

-- Grants before policies; nothing for anon; service-only tables get no grant at all.
revoke all on public.users, public.sessions, public.workspaces, public.workspace_members, public.api_keys, public.rate_limits from public, anon, authenticated;
grant usage on schema public to authenticated;
grant select (id, email, name, locale, created_at) on public.users to authenticated;
grant update (name, locale) on public.users to authenticated;
grant select, insert, update, delete on public.workspaces to authenticated;
grant select, insert, update, delete on public.workspace_members to authenticated;
grant select, insert, update on public.api_keys to authenticated;

alter table public.users enable row level security;
alter table public.sessions enable row level security;
alter table public.workspaces enable row level security;
alter table public.workspace_members enable row level security;
alter table public.api_keys enable row level security;
alter table public.rate_limits enable row level security;

create policy users_select on public.users for select to authenticated using (
  id = (select auth.uid())
  or id in (select m.user_id from public.workspace_members m where m.workspace_id in (select app.my_workspaces('viewer')))
);
create policy users_update on public.users for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));

create policy workspaces_select on public.workspaces for select to authenticated
  using (id in (select app.my_workspaces('viewer')));
create policy workspaces_insert on public.workspaces for insert to authenticated
  with check (created_by = (select auth.uid()));
create policy workspaces_update on public.workspaces for update to authenticated
  using (id in (select app.my_workspaces('admin'))) with check (id in (select app.my_workspaces('admin')));
create policy workspaces_delete on public.workspaces for delete to authenticated
  using (id in (select app.my_workspaces('owner')));

create policy members_select on public.workspace_members for select to authenticated
  using (workspace_id in (select app.my_workspaces('viewer')));
create policy members_insert on public.workspace_members for insert to authenticated
  with check (workspace_id in (select app.my_workspaces('admin')));
create policy members_update on public.workspace_members for update to authenticated
  using (workspace_id in (select app.my_workspaces('admin'))) with check (workspace_id in (select app.my_workspaces('admin')));
create policy members_delete on public.workspace_members for delete to authenticated
  using (workspace_id in (select app.my_workspaces('admin')) or user_id = (select auth.uid()));

create policy api_keys_select on public.api_keys for select to authenticated
  using (workspace_id in (select app.my_workspaces('admin')));
create policy api_keys_insert on public.api_keys for insert to authenticated
  with check (workspace_id in (select app.my_workspaces('admin')));
create policy api_keys_update on public.api_keys for update to authenticated
  using (workspace_id in (select app.my_workspaces('admin'))) with check (workspace_id in (select app.my_workspaces('admin')));

-- Adding a member by e-mail: an admin of the workspace may learn the id behind an address, nobody else.
create or replace function app.find_user_for_invite(ws uuid, address text) returns uuid
language sql stable security definer set search_path = '' as
$$
  select u.id from public.users u
   where u.email = address::public.citext and ws in (select app.my_workspaces('admin'))
$$;
revoke all on function app.find_user_for_invite(uuid, text) from public;
grant execute on function app.find_user_for_invite(uuid, text) to authenticated;
