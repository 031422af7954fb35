-- Lexical search runs as one function in the database, and message policies stop scanning
-- conversations.

-- BM25's weight of a term frequency, given the length relative to the average (k1 = 1.2,
-- b = 0.75). No SET clause, so it is inlined.
create function app.bm25_saturation(tf float8, relative_length float8) returns float8 language sql immutable parallel safe as
  $$ select tf * 2.2::float8 / (tf + 1.2::float8 * (0.25::float8 + 0.75::float8 * relative_length)) $$;

-- Whether the caller may read a workspace's searchable content, for the functions that run as
-- their owner: a member, a key or a widget visitor of it; or a server-side caller that is
-- not acting for anybody (no `authenticated` role), as row-level security lets it. Never null:
-- a plpgsql `if not` would let a null through.
create function app.can_search(workspace uuid) returns boolean language sql stable set search_path = '' as
$$
  select coalesce(current_setting('role', true) is distinct from 'authenticated'
      or workspace in (select app.my_workspaces('viewer'))
      or workspace = app.visitor_workspace(), false)
$$;
revoke all on function app.can_search(uuid) from public;
grant execute on function app.can_search(uuid) to authenticated;

-- The typo matching of 0009, with the same check.
create or replace function app.closest_terms(workspace uuid, words text[]) returns table (word text, term text, similarity real)
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
   where app.can_search(workspace)
$$;

-- BM25 over the stemmed, accent-folded terms of a workspace's searchable chunks, plus a fifth
-- of the BM25 of each of the 100 best passages' whole document. `keywords` is the question
-- without its question words, stemmed here with `config`, its language's. A word unknown to
-- the workspace is replaced by its closest known spelling (app.closest_terms), weighted by
-- their trigram similarity. Each term reads at most `postings_per_term` postings, those that
-- mark their chunk most strongly first (postings.impact).
--
-- Term statistics (N, df, average length) come from the vocabulary and the workspace totals,
-- kept when documents are published: they cover the searchable generation of every document,
-- excluded ones included; excluded documents never rank.
--
-- It runs as the owner and checks the caller's access itself (app.can_search): under
-- row-level security every posting read was checked against the caller's workspaces, about a
-- third of the search's time. PL/pgSQL keeps its
-- plan from one call to the next. Every step is materialized: an embedded database is never
-- analysed, and without statistics the planner would re-run a step once per row.
create function app.lexical_search(workspace uuid, config regconfig, keywords text, result_limit int, postings_per_term int)
returns table (chunk_id bigint, score float8)
language plpgsql stable security definer set search_path = pg_catalog, public, extensions as $$
begin
  if not app.can_search(workspace) then
    return;
  end if;
  return query
    with words as materialized (
      select distinct lexeme as term from unnest(to_tsvector(config, keywords))
    ), known as materialized (
      select w.term, 1.0::float8 as w, t.chunks, t.documents from words w
       cross join lateral (select t.chunks, t.documents from public.terms t where t.workspace_id = workspace and t.term = w.term and t.chunks > 0 limit 1) t
    ), fixes as materialized (
      -- Called only when some word is unknown: the call alone costs more than a lookup.
      select f.term, f.similarity::float8 as w, t.chunks, t.documents
        from (select array(select w.term from words w
                            where char_length(w.term) >= 4 and w.term !~ '[0-9]' and w.term not in (select k.term from known k)) as words) u
       cross join lateral app.closest_terms(workspace, u.words) f
       cross join lateral (select t.chunks, t.documents from public.terms t where t.workspace_id = workspace and t.term = f.term and t.chunks > 0 limit 1) t
       where cardinality(u.words) > 0
    ), st as materialized (
      select s.chunk_count::float8 as n, s.term_total::float8 / greatest(s.chunk_count, 1) as avgdl, s.term_total::float8 as total, s.document_count::float8 as documents
        from public.workspace_stats s where s.workspace_id = workspace
    ), weights as materialized (
      -- Each term's inverse frequency among chunks and among whole documents.
      select q.term,
             q.w * ln(1.0::float8 + (greatest(st.n - q.chunks, 0.0::float8) + 0.5::float8) / (q.chunks + 0.5::float8)) as idf,
             q.w * ln(1.0::float8 + (greatest(st.documents - q.documents, 0.0::float8) + 0.5::float8) / (q.documents + 0.5::float8)) as document_idf
        from (select x.term, max(x.w) as w, max(x.chunks) as chunks, max(x.documents) as documents
                from (select * from known union all select * from fixes) x group by x.term) q
       cross join st
    ), visible as materialized (
      select d.id, d.searchable_generation, d.term_count from public.documents d
       where d.workspace_id = workspace and d.searchable_generation is not null and not d.excluded
    ), hits as materialized (
      -- One index range of the postings per term (lateral), whatever the planner estimates.
      select w.term, w.idf, w.document_idf, p.chunk_id, p.document_id, p.tf, p.dl
        from weights w
       cross join lateral (
          select p.chunk_id, p.document_id, p.generation, p.tf, p.dl from public.postings p
           where p.workspace_id = workspace and p.term = w.term
           order by p.impact desc limit postings_per_term
        ) p
        join visible v on v.id = p.document_id and v.searchable_generation = p.generation
    ), candidates as materialized (
      select h.chunk_id, h.document_id, sum(h.idf * app.bm25_saturation(h.tf, h.dl / st.avgdl)) as passage_score
        from hits h cross join st
       group by h.chunk_id, h.document_id
       order by passage_score desc, h.chunk_id
       limit greatest(100, result_limit)
    ), document_scores as materialized (
      select t.document_id, sum(t.document_idf * app.bm25_saturation(t.tf, d.term_count * st.documents / greatest(st.total, 1.0::float8))) as document_score
        from (
          select h.term, h.document_id, max(h.document_idf) as document_idf, sum(h.tf)::float8 as tf from hits h
           where h.document_id in (select c.document_id from candidates c) group by h.term, h.document_id
        ) t
        join visible d on d.id = t.document_id
       cross join st
       group by t.document_id
    )
    select c.chunk_id, c.passage_score + 0.2::float8 * coalesce(d.document_score, 0.0::float8)
      from candidates c left join document_scores d on d.document_id = c.document_id
     order by 2 desc, c.chunk_id
     limit result_limit;
end
$$;
revoke all on function app.lexical_search(uuid, regconfig, text, int, int) from public;
grant execute on function app.lexical_search(uuid, regconfig, text, int, int) to authenticated;

-- The passages a search ranked, with their documents' names, for the same callers and for the
-- same reason (row-level security on chunks and documents cost more than reading 8 rows).
create function app.passages(workspace uuid, ids bigint[])
returns table (id bigint, document_id uuid, name text, content text, page int, heading_path text[], start_offset int, end_offset int)
language plpgsql stable security definer set search_path = '' as $$
begin
  if not app.can_search(workspace) then
    return;
  end if;
  return query
    select c.id, c.document_id, d.name, c.content, c.page, c.heading_path, c.start_offset, c.end_offset
      from public.chunks c join public.documents d on d.id = c.document_id
     where c.workspace_id = workspace and c.id = any(ids);
end
$$;
revoke all on function app.passages(uuid, bigint[]) from public;
grant execute on function app.passages(uuid, bigint[]) to authenticated;

-- A widget visitor's messages: the visitor is copied onto each message from its conversation,
-- as its author already is, so the policies compare two columns instead of listing the
-- workspace's widget conversations (which every message statement of every caller paid for).
alter table public.messages add column visitor_id text;
update public.messages m set visitor_id = c.visitor_id from public.conversations c where c.id = m.conversation_id and c.visitor_id is not null;

create or replace function app.message_author() returns trigger language plpgsql security definer set search_path = '' as
$$
begin
  select c.user_id, c.visitor_id into new.user_id, new.visitor_id
    from public.conversations c where c.id = new.conversation_id and c.workspace_id = new.workspace_id;
  return new;
end
$$;
drop trigger messages_author on public.messages;
create trigger messages_author before insert or update of conversation_id, user_id, visitor_id on public.messages
  for each row execute function app.message_author();

drop policy messages_select_visitor on public.messages;
drop policy messages_insert_visitor on public.messages;
drop policy messages_update_visitor on public.messages;
create policy messages_select_visitor on public.messages for select to authenticated
  using (workspace_id = (select app.visitor_workspace()) and visitor_id = (select app.visitor_id()));
create policy messages_insert_visitor on public.messages for insert to authenticated
  with check (workspace_id = (select app.visitor_workspace()) and visitor_id = (select app.visitor_id()));
create policy messages_update_visitor on public.messages for update to authenticated
  using (workspace_id = (select app.visitor_workspace()) and visitor_id = (select app.visitor_id()))
  with check (workspace_id = (select app.visitor_workspace()) and visitor_id = (select app.visitor_id()));

-- A new message's words are added to its conversation's instead of re-reading the whole
-- conversation (an answer's placeholder is inserted empty and gets its words the same way
-- when first written); edits and deletions still recompute.
create function app.message_words_added() returns trigger language plpgsql security definer set search_path = '' as
$$
begin
  update public.conversations c set search_tsv = c.search_tsv || to_tsvector('public.simple_unaccent', left(new.content, 4000))
   where c.id = new.conversation_id;
  return null;
end
$$;
revoke all on function app.message_words_added() from public;
drop trigger messages_words_insert on public.messages;
drop trigger messages_words_update on public.messages;
create trigger messages_words_insert after insert on public.messages
  for each row when (new.content <> '') execute function app.message_words_added();
create trigger messages_words_first after update of content on public.messages
  for each row when (old.content = '' and new.content <> '') execute function app.message_words_added();
create trigger messages_words_update after update of content on public.messages
  for each row when (old.content <> '' and old.content is distinct from new.content) execute function app.message_words();
