-- Lexical search reads a bounded number of postings per term, the most telling first, and
-- takes every term's chunk and document frequencies from the vocabulary instead of counting
-- its postings per question.

-- How strongly a term marks a chunk, BM25's term-frequency factor against a fixed typical
-- length: it only orders the postings of one term, the score itself uses the real statistics.
-- (No SET clause: the function is inlined, not called once per posting written.)
create function app.bm25_impact(tf int, dl int) returns smallint language sql immutable parallel safe as
  $$ select round(1000.0 * tf / (tf + 1.2 * (0.25 + 0.75 * dl / 100.0)))::smallint $$;

alter table public.postings add column impact smallint generated always as (app.bm25_impact(tf, dl)) stored;
alter table public.postings drop constraint postings_pkey;
alter table public.postings add primary key (workspace_id, term, impact, chunk_id) include (document_id, generation, tf, dl);

-- Frequencies over the searchable generation of every document (excluded ones included, as
-- for workspace_stats); every term of the workspace is listed, typo matching keeps to words.
alter table public.terms add column chunks int not null default 0, add column documents int not null default 0;
-- Every publication updates its terms' counts: room on each page keeps those updates in place
-- (heap-only), out of the indexes.
alter table public.terms set (fillfactor = 70);
insert into public.terms (workspace_id, term, chunks, documents)
select p.workspace_id, p.term, count(*), count(distinct p.document_id)
  from public.postings p join public.documents d on d.id = p.document_id and d.searchable_generation = p.generation
 group by p.workspace_id, p.term
    on conflict (workspace_id, term) do update set chunks = excluded.chunks, documents = excluded.documents;
drop index public.terms_trgm_idx;
-- Without a pending list: every lookup would read all of it (tens of milliseconds after an upload).
create index terms_trgm_idx on public.terms using gin (term gin_trgm_ops) with (fastupdate = off) where char_length(term) >= 4 and term !~ '[0-9]';

alter table public.workspace_stats add column document_count bigint not null default 0;
update public.workspace_stats s
   set document_count = (select count(*) from public.documents d where d.workspace_id = s.workspace_id and d.searchable_generation is not null);

-- The closest known spelling (trigram similarity at least 0.4) of each word in a workspace's
-- vocabulary, found through the trigram index. Row-level security would keep the planner off
-- that index (the similarity operator is not leakproof), and with statistics it prefers
-- reading the workspace's whole vocabulary, underrating the comparisons: so this runs as the
-- owner, checks the caller's access itself (a member, a key or a widget visitor), and looks
-- the word up among all workspaces' words (a few dozen similar ones) before keeping the caller's.
create function app.closest_terms(workspace uuid, words text[]) returns table (word text, term text, similarity real)
language sql stable security definer
set search_path = pg_catalog, public, extensions
set pg_trgm.similarity_threshold = 0.4
set enable_seqscan = off as $$
  select u.word, v.term, similarity(v.term, u.word)
    from unnest(words) u(word)
    cross join lateral (
      select candidate.term from (
        select t.term, t.workspace_id, t.chunks from public.terms t
         where char_length(t.term) >= 4 and t.term !~ '[0-9]' and t.term % u.word
        offset 0
      ) candidate
       where candidate.workspace_id = workspace and candidate.chunks > 0
       order by candidate.term <-> u.word limit 1
    ) v
   where workspace in (select app.my_workspaces('viewer')) or workspace = app.visitor_workspace()
$$;
revoke all on function app.closest_terms(uuid, text[]) from public;
grant execute on function app.closest_terms(uuid, text[]) to authenticated;
