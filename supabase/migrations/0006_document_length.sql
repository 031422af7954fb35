-- Each document's length in terms (its searchable chunks'), kept when a generation is
-- published: lexical search scores whole documents without summing their chunks per question.
alter table public.documents add column term_count bigint not null default 0;
update public.documents d
   set term_count = coalesce((select sum(c.term_count) from public.chunks c where c.document_id = d.id and c.generation = d.searchable_generation), 0)
 where d.searchable_generation is not null;
