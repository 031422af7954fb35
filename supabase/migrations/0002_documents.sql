-- Documents, their chunks and the lexical index (BM25 over stemmed, accent-folded terms).

-- Stop words are dropped before accents are folded ("à", "été" would otherwise survive as
-- "a", "ete"), then words are stemmed. `simple_unaccent` serves other languages.
do $$
begin
  if not exists (select 1 from pg_ts_dict where dictname = 'french_stopper') then
    create text search dictionary public.french_stopper (template = pg_catalog.simple, stopwords = french, accept = false);
  end if;
  if not exists (select 1 from pg_ts_dict where dictname = 'english_stopper') then
    create text search dictionary public.english_stopper (template = pg_catalog.simple, stopwords = english, accept = false);
  end if;
  alter text search configuration public.french_unaccent alter mapping for hword, hword_part, word with public.french_stopper, unaccent, french_stem;
  alter text search configuration public.english_unaccent alter mapping for hword, hword_part, word with public.english_stopper, unaccent, english_stem;
  if not exists (select 1 from pg_ts_config where cfgname = 'simple_unaccent') then
    create text search configuration public.simple_unaccent (copy = pg_catalog.simple);
    alter text search configuration public.simple_unaccent alter mapping for hword, hword_part, word with unaccent, simple;
  end if;
end $$;

alter table public.workspaces
  add column chunk_size int not null default 1500 check (chunk_size between 200 and 4000),
  add column chunk_overlap int not null default 0 check (chunk_overlap >= 0 and chunk_overlap * 2 < chunk_size);

create table public.documents (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 255),
  type text check (type in ('pdf', 'docx', 'xlsx', 'csv', 'markdown', 'text', 'html')),
  media_type text,
  size_bytes bigint not null check (size_bytes >= 0),
  sha256 text,
  storage_key text,
  status text not null default 'queued' check (status in ('queued', 'processing', 'ready', 'failed')),
  progress real not null default 0 check (progress between 0 and 1),
  error_reason text,
  error_detail text,
  excluded boolean not null default false,
  title text,
  language text check (language in ('fr', 'en', 'other')),
  pages int,
  chunk_count int not null default 0,
  char_count int,
  -- Chunks are written under a new generation; search sees only `searchable_generation`,
  -- so a document appears (or a reindex replaces it) all at once.
  generation int not null default 0,
  searchable_generation int,
  attempts int not null default 0,
  uploaded_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  processed_at timestamptz,
  unique (workspace_id, id)
);
create index documents_workspace_idx on public.documents (workspace_id, created_at desc, id desc);
create index documents_pending_idx on public.documents (created_at) where status in ('queued', 'processing');
create trigger documents_touch before update on public.documents for each row execute function app.touch_updated_at();

-- The extracted text a person can read, and the tables kept whole for answers.
create table public.document_texts (
  document_id uuid primary key,
  workspace_id uuid not null,
  generation int not null,
  content text not null,
  tables jsonb not null default '[]'::jsonb,
  foreign key (workspace_id, document_id) references public.documents (workspace_id, id) on delete cascade
);

create table public.chunks (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  document_id uuid not null,
  generation int not null,
  ordinal int not null,
  content text not null,
  heading_path text[] not null default '{}',
  page int,
  start_offset int not null,
  end_offset int not null,
  table_index int,
  -- Stemmed terms of the heading path (weight A) and the content; not indexed itself:
  -- the postings below are.
  tsv tsvector not null,
  term_count int not null,
  foreign key (workspace_id, document_id) references public.documents (workspace_id, id) on delete cascade
);
create index chunks_document_idx on public.chunks (document_id, generation, ordinal);

-- One row per (term, chunk): BM25 reads term frequencies and lengths from this index alone.
create table public.postings (
  workspace_id uuid not null,
  term text not null,
  chunk_id bigint not null,
  document_id uuid not null,
  generation int not null,
  tf smallint not null,
  dl smallint not null,
  primary key (workspace_id, term, chunk_id) include (document_id, generation, tf, dl)
);

-- BM25 collection statistics of the searchable chunks of each workspace.
create table public.workspace_stats (
  workspace_id uuid primary key references public.workspaces (id) on delete cascade,
  chunk_count bigint not null default 0,
  term_total bigint not null default 0
);

-- Files live in Supabase Storage when it is configured: make sure its bucket exists.
do $$
begin
  if exists (select 1 from pg_namespace where nspname = 'storage')
     and exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'storage' and c.relname = 'buckets') then
    execute $sql$insert into storage.buckets (id, name, public) values ('documents', 'documents', false) on conflict (id) do nothing$sql$;
  end if;
end $$;

revoke all on public.documents, public.document_texts, public.chunks, public.postings, public.workspace_stats from public, anon, authenticated;
grant select, insert, update, delete on public.documents to authenticated;
grant select on public.document_texts, public.chunks, public.postings, public.workspace_stats to authenticated;

alter table public.documents enable row level security;
alter table public.document_texts enable row level security;
alter table public.chunks enable row level security;
alter table public.postings enable row level security;
alter table public.workspace_stats enable row level security;

create policy documents_select on public.documents for select to authenticated
  using (workspace_id in (select app.my_workspaces('viewer')));
create policy documents_insert on public.documents for insert to authenticated
  with check (workspace_id in (select app.my_workspaces('member')));
create policy documents_update on public.documents for update to authenticated
  using (workspace_id in (select app.my_workspaces('member'))) with check (workspace_id in (select app.my_workspaces('member')));
create policy documents_delete on public.documents for delete to authenticated
  using (workspace_id in (select app.my_workspaces('member')));

create policy document_texts_select on public.document_texts for select to authenticated
  using (workspace_id in (select app.my_workspaces('viewer')));
create policy chunks_select on public.chunks for select to authenticated
  using (workspace_id in (select app.my_workspaces('viewer')));
create policy postings_select on public.postings for select to authenticated
  using (workspace_id in (select app.my_workspaces('viewer')));
create policy workspace_stats_select on public.workspace_stats for select to authenticated
  using (workspace_id in (select app.my_workspaces('viewer')));

-- Vocabulary of each workspace (alphabetic terms of 4+ letters), for typo-tolerant queries.
create table public.terms (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  term text not null,
  primary key (workspace_id, term)
);
create index terms_trgm_idx on public.terms using gin (term gin_trgm_ops);
revoke all on public.terms from public, anon, authenticated;
grant select on public.terms to authenticated;
alter table public.terms enable row level security;
create policy terms_select on public.terms for select to authenticated
  using (workspace_id in (select app.my_workspaces('viewer')));
