-- Analytics: daily rollups kept by triggers, questions grouped by meaning, periodic reports.
--
-- Every message contributes a fixed set of counts (app.analytics_apply); a trigger subtracts the
-- old row's contribution and adds the new one's on every insert, update and delete, so the
-- rollups equal a recount from the messages whatever writes them (app.analytics_recount rebuilds
-- them from scratch, and the tests compare the two). Everything a contribution needs is on the
-- message itself (its channel and question group are copied onto it at insert), so a cascade
-- that deletes a conversation or a question still subtracts exactly what was added.

alter table public.messages add column channel text;
alter table public.messages add column question_group uuid;

-- A group of questions with the same meaning: similar wordings (the same stemmed, unaccented
-- words without stop words, or most of them) land in the group of the first question asked.
create table public.question_groups (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  terms text[] not null,
  term_key text not null,
  label text not null,
  -- Up to three distinct wordings, the label first.
  examples text[] not null default '{}',
  -- The passages closest to the question, for the unanswered list, computed for a documents version.
  passages jsonb,
  passages_version text,
  -- The label's embedding (with an embedding model: groups that mean the same are shown together).
  label_embedding jsonb,
  embedding_model text,
  created_at timestamptz not null default now(),
  unique (workspace_id, id),
  unique (workspace_id, term_key)
);
create index question_groups_terms_idx on public.question_groups using gin (terms);
create index messages_question_group_idx on public.messages (workspace_id, question_group, created_at) where role = 'user';
create index messages_feedback_comment_idx on public.messages (workspace_id, feedback_at desc) where feedback_comment is not null;

-- Counts per workspace, day (UTC), channel and model ('' for questions and conversations).
create table public.analytics_days (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  day date not null,
  channel text not null,
  model text not null default '',
  conversations int not null default 0,
  questions int not null default 0,
  answers int not null default 0,
  unanswered int not null default 0,
  failed int not null default 0,
  input_tokens bigint not null default 0,
  output_tokens bigint not null default 0,
  feedback_up int not null default 0,
  feedback_down int not null default 0,
  feedback_comments int not null default 0,
  primary key (workspace_id, day, channel, model)
);

-- Answer timings as histograms: bucket b holds times in [1.08^(b-1), 1.08^b) ms, so a
-- percentile read from them is within 4 % of the exact one.
create table public.analytics_latency (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  day date not null,
  metric text not null check (metric in ('ttft', 'total')),
  bucket smallint not null,
  answers int not null default 0,
  primary key (workspace_id, day, metric, bucket)
);

-- Answers citing each document (a document cited twice in one answer counts once).
create table public.analytics_documents (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  day date not null,
  document_id uuid not null,
  answers int not null default 0,
  primary key (workspace_id, day, document_id)
);

create table public.analytics_questions (
  workspace_id uuid not null,
  group_id uuid not null,
  day date not null,
  asked int not null default 0,
  unanswered int not null default 0,
  primary key (workspace_id, day, group_id),
  foreign key (workspace_id, group_id) references public.question_groups (workspace_id, id) on delete cascade
);

-- Periodic reports of a workspace's analytics, as made (PDF and XLSX).
create table public.analytics_reports (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  period text not null check (period in ('weekly')),
  period_start date not null,
  period_end date not null,
  pdf bytea not null,
  xlsx bytea not null,
  created_at timestamptz not null default now(),
  unique (workspace_id, period, period_start)
);
create index analytics_reports_recent_idx on public.analytics_reports (workspace_id, period_start desc);

-- The words of a question that carry its meaning: stemmed in French or English (whichever
-- language's stop words remove more of it), unaccented, sorted, without repeats.
create or replace function app.question_terms(question text) returns text[]
language plpgsql stable set search_path = '' as
$$
declare
  en text[] := tsvector_to_array(to_tsvector('public.english_unaccent', left(question, 2000)));
  fr text[] := tsvector_to_array(to_tsvector('public.french_unaccent', left(question, 2000)));
  picked text[] := case when cardinality(fr) < cardinality(en) then fr else en end;
begin
  if cardinality(picked) = 0 then
    picked := tsvector_to_array(to_tsvector('public.simple_unaccent', left(question, 2000)));
  end if;
  -- Hyphenated words also come whole ("sont-ils"), and one- or two-letter leftovers carry no meaning.
  return array(select distinct t from unnest(picked) t where t !~ '-' and char_length(t) > 2 order by t);
end
$$;

-- The existing group of a question's words: the one with the same words, else the most similar
-- one (Jaccard similarity of the words at least 0.5).
create or replace function app.question_group_match(workspace uuid, words text[]) returns uuid
language sql stable security definer set search_path = '' as
$$
  select id from (
    select g.id, 0 as rank, 1::real as similarity, g.created_at from public.question_groups g
     where g.workspace_id = workspace and g.term_key = array_to_string(words, ' ')
    union all
    select g.id, 1, s.shared::real / (cardinality(g.terms) + cardinality(words) - s.shared), g.created_at
      from public.question_groups g cross join lateral (select count(*) as shared from unnest(g.terms) t where t = any (words)) s
     where cardinality(words) > 0 and g.workspace_id = workspace and g.terms && words
  ) candidates
  where similarity >= 0.5
  order by rank, similarity desc, created_at
  limit 1
$$;
revoke all on function app.question_group_match(uuid, text[]) from public;

-- The group of a question, or a new one labelled with this wording. Creating one takes a lock
-- per workspace and looks again, so two similar questions asked at once make one group.
create or replace function app.question_group_for(workspace uuid, question text) returns uuid
language plpgsql security definer set search_path = '' as
$$
declare
  words text[] := app.question_terms(question);
  wording text := left(regexp_replace(btrim(question), '\s+', ' ', 'g'), 300);
  found uuid := app.question_group_match(workspace, words);
begin
  if found is null then
    perform pg_advisory_xact_lock(hashtext('question_groups:' || workspace::text));
    found := app.question_group_match(workspace, words);
  end if;
  if found is null then
    insert into public.question_groups (workspace_id, terms, term_key, label, examples)
    values (workspace, words, array_to_string(words, ' '), wording, array[wording])
    returning id into found;
  else
    update public.question_groups g set examples = g.examples || wording
     where g.id = found and cardinality(g.examples) < 3 and not (wording = any (g.examples));
  end if;
  return found;
end
$$;
revoke all on function app.question_group_for(uuid, text) from public;

create or replace function app.latency_bucket(ms int) returns smallint language sql immutable set search_path = '' as
$$ select case when ms is null then null when ms < 1 then 0 else least(floor(ln(ms) / ln(1.08))::int + 1, 300)::smallint end $$;

-- Adds (sign 1) or removes (sign -1) one message's contribution to the rollups.
create or replace function app.analytics_apply(m public.messages, sign int) returns void
language plpgsql security definer set search_path = '' as
$$
declare
  m_day date := (m.created_at at time zone 'UTC')::date;
  m_channel text := coalesce(m.channel, 'dashboard');
begin
  if m.role = 'user' then
    insert into public.analytics_days as a (workspace_id, day, channel, model, questions)
    values (m.workspace_id, m_day, m_channel, '', sign)
    on conflict (workspace_id, day, channel, model) do update set questions = a.questions + excluded.questions;
    if m.question_group is not null then
      insert into public.analytics_questions as q (workspace_id, group_id, day, asked)
      values (m.workspace_id, m.question_group, m_day, sign)
      on conflict (workspace_id, day, group_id) do update set asked = q.asked + excluded.asked;
    end if;
    return;
  end if;
  if m.candidate then return; end if;
  insert into public.analytics_days as a (workspace_id, day, channel, model, answers, unanswered, failed, input_tokens, output_tokens, feedback_up, feedback_down, feedback_comments)
  values (m.workspace_id, m_day, m_channel, coalesce(m.model, ''), sign, sign * m.unanswered::int, sign * (m.status in ('failed', 'interrupted'))::int,
          sign * coalesce(m.input_tokens, 0), sign * coalesce(m.output_tokens, 0), sign * coalesce(m.feedback = 1, false)::int, sign * coalesce(m.feedback = -1, false)::int,
          sign * (m.feedback_comment is not null)::int)
  on conflict (workspace_id, day, channel, model) do update set
    answers = a.answers + excluded.answers, unanswered = a.unanswered + excluded.unanswered, failed = a.failed + excluded.failed,
    input_tokens = a.input_tokens + excluded.input_tokens, output_tokens = a.output_tokens + excluded.output_tokens,
    feedback_up = a.feedback_up + excluded.feedback_up, feedback_down = a.feedback_down + excluded.feedback_down,
    feedback_comments = a.feedback_comments + excluded.feedback_comments;
  if m.ttft_ms is not null then
    insert into public.analytics_latency as l (workspace_id, day, metric, bucket, answers) values (m.workspace_id, m_day, 'ttft', app.latency_bucket(m.ttft_ms), sign)
    on conflict (workspace_id, day, metric, bucket) do update set answers = l.answers + excluded.answers;
  end if;
  if m.total_ms is not null then
    insert into public.analytics_latency as l (workspace_id, day, metric, bucket, answers) values (m.workspace_id, m_day, 'total', app.latency_bucket(m.total_ms), sign)
    on conflict (workspace_id, day, metric, bucket) do update set answers = l.answers + excluded.answers;
  end if;
  if jsonb_array_length(m.citations) > 0 then
    insert into public.analytics_documents as d (workspace_id, day, document_id, answers)
    select distinct m.workspace_id, m_day, (c ->> 'documentId')::uuid, sign from jsonb_array_elements(m.citations) c where c ? 'documentId'
    on conflict (workspace_id, day, document_id) do update set answers = d.answers + excluded.answers;
  end if;
  if m.unanswered and m.question_group is not null then
    insert into public.analytics_questions as q (workspace_id, group_id, day, unanswered)
    values (m.workspace_id, m.question_group, m_day, sign)
    on conflict (workspace_id, day, group_id) do update set unanswered = q.unanswered + excluded.unanswered;
  end if;
end
$$;
revoke all on function app.analytics_apply(public.messages, int) from public;

-- Before a message is written: its channel, and its question's group (a question's from its
-- words, an answer's from its question).
create or replace function app.message_analytics_fill() returns trigger language plpgsql security definer set search_path = '' as
$$
begin
  if tg_op = 'INSERT' then
    new.channel := (select c.channel from public.conversations c where c.id = new.conversation_id and c.workspace_id = new.workspace_id);
  end if;
  if new.role = 'user' then
    if tg_op = 'INSERT' or new.content is distinct from old.content then
      new.question_group := case when btrim(new.content) = '' then null else app.question_group_for(new.workspace_id, new.content) end;
    end if;
  elsif tg_op = 'INSERT' and new.reply_to is not null then
    new.question_group := (select q.question_group from public.messages q where q.id = new.reply_to and q.workspace_id = new.workspace_id);
  end if;
  return new;
end
$$;
create trigger messages_analytics_fill before insert or update of content on public.messages
  for each row execute function app.message_analytics_fill();

create or replace function app.message_analytics() returns trigger language plpgsql security definer set search_path = '' as
$$
begin
  if tg_op in ('UPDATE', 'DELETE') then perform app.analytics_apply(old, -1); end if;
  if tg_op in ('UPDATE', 'INSERT') then perform app.analytics_apply(new, 1); end if;
  return null;
end
$$;
create trigger messages_analytics_insert after insert on public.messages for each row execute function app.message_analytics();
create trigger messages_analytics_delete after delete on public.messages for each row execute function app.message_analytics();
create trigger messages_analytics_update after update on public.messages for each row
  when ((old.role, old.candidate, old.model, old.status, old.unanswered, old.input_tokens, old.output_tokens, old.ttft_ms, old.total_ms,
         old.feedback, old.feedback_comment is null, old.citations, old.created_at, old.channel, old.question_group, old.workspace_id)
        is distinct from
        (new.role, new.candidate, new.model, new.status, new.unanswered, new.input_tokens, new.output_tokens, new.ttft_ms, new.total_ms,
         new.feedback, new.feedback_comment is null, new.citations, new.created_at, new.channel, new.question_group, new.workspace_id))
  execute function app.message_analytics();

create or replace function app.conversation_analytics() returns trigger language plpgsql security definer set search_path = '' as
$$
declare
  c public.conversations := case when tg_op = 'DELETE' then old else new end;
begin
  insert into public.analytics_days as a (workspace_id, day, channel, model, conversations)
  values (c.workspace_id, (c.created_at at time zone 'UTC')::date, c.channel, '', case when tg_op = 'DELETE' then -1 else 1 end)
  on conflict (workspace_id, day, channel, model) do update set conversations = a.conversations + excluded.conversations;
  return null;
end
$$;
create trigger conversations_analytics after insert or delete on public.conversations for each row execute function app.conversation_analytics();

-- The rollups of a workspace rebuilt from its conversations and messages (the tests compare
-- them with the ones the triggers kept; bulk loads run with triggers off and then this).
-- Questions without a group are grouped first.
create or replace function app.analytics_recount(workspace uuid) returns void
language plpgsql security definer set search_path = '' as
$$
begin
  update public.messages m set channel = c.channel from public.conversations c
   where m.workspace_id = workspace and c.id = m.conversation_id and m.channel is distinct from c.channel;
  update public.messages m set question_group = app.question_group_for(workspace, m.content)
   where m.workspace_id = workspace and m.role = 'user' and m.question_group is null and btrim(m.content) <> '';
  update public.messages a set question_group = q.question_group from public.messages q
   where a.workspace_id = workspace and a.role = 'assistant' and q.id = a.reply_to and a.question_group is distinct from q.question_group;

  delete from public.analytics_days where workspace_id = workspace;
  delete from public.analytics_latency where workspace_id = workspace;
  delete from public.analytics_documents where workspace_id = workspace;
  delete from public.analytics_questions where workspace_id = workspace;

  insert into public.analytics_days (workspace_id, day, channel, model, conversations, questions, answers, unanswered, failed, input_tokens, output_tokens, feedback_up, feedback_down, feedback_comments)
  select workspace, day, channel, model, sum(conversations), sum(questions), sum(answers), sum(unanswered), sum(failed), sum(input_tokens), sum(output_tokens), sum(up), sum(down), sum(comments)
    from (
      select (c.created_at at time zone 'UTC')::date as day, c.channel, '' as model, 1 as conversations, 0 as questions, 0 as answers, 0 as unanswered, 0 as failed,
             0::bigint as input_tokens, 0::bigint as output_tokens, 0 as up, 0 as down, 0 as comments
        from public.conversations c where c.workspace_id = workspace
      union all
      select (m.created_at at time zone 'UTC')::date, coalesce(m.channel, 'dashboard'), case when m.role = 'user' then '' else coalesce(m.model, '') end,
             0, (m.role = 'user')::int, (m.role = 'assistant')::int, (m.role = 'assistant' and m.unanswered)::int,
             (m.role = 'assistant' and m.status in ('failed', 'interrupted'))::int,
             case when m.role = 'assistant' then coalesce(m.input_tokens, 0) else 0 end, case when m.role = 'assistant' then coalesce(m.output_tokens, 0) else 0 end,
             coalesce(m.role = 'assistant' and m.feedback = 1, false)::int, coalesce(m.role = 'assistant' and m.feedback = -1, false)::int, (m.role = 'assistant' and m.feedback_comment is not null)::int
        from public.messages m where m.workspace_id = workspace and not (m.role = 'assistant' and m.candidate)
    ) rows
   group by day, channel, model;

  insert into public.analytics_latency (workspace_id, day, metric, bucket, answers)
  select workspace, day, metric, bucket, count(*) from (
    select (m.created_at at time zone 'UTC')::date as day, 'ttft' as metric, app.latency_bucket(m.ttft_ms) as bucket
      from public.messages m where m.workspace_id = workspace and m.role = 'assistant' and not m.candidate and m.ttft_ms is not null
    union all
    select (m.created_at at time zone 'UTC')::date, 'total', app.latency_bucket(m.total_ms)
      from public.messages m where m.workspace_id = workspace and m.role = 'assistant' and not m.candidate and m.total_ms is not null
  ) t group by day, metric, bucket;

  insert into public.analytics_documents (workspace_id, day, document_id, answers)
  select workspace, day, document_id, count(*) from (
    select distinct m.id, (m.created_at at time zone 'UTC')::date as day, (c ->> 'documentId')::uuid as document_id
      from public.messages m cross join lateral jsonb_array_elements(m.citations) c
     where m.workspace_id = workspace and m.role = 'assistant' and not m.candidate and jsonb_array_length(m.citations) > 0 and c ? 'documentId'
  ) t group by day, document_id;

  insert into public.analytics_questions (workspace_id, group_id, day, asked, unanswered)
  select workspace, m.question_group, (m.created_at at time zone 'UTC')::date, sum((m.role = 'user')::int), sum((m.role = 'assistant' and m.unanswered)::int)
    from public.messages m
   where m.workspace_id = workspace and m.question_group is not null and (m.role = 'user' or (not m.candidate and m.unanswered))
   group by m.question_group, (m.created_at at time zone 'UTC')::date;
end
$$;
revoke all on function app.analytics_recount(uuid) from public;

-- Existing conversations and messages, counted once.
do $$
declare
  w uuid;
begin
  for w in select id from public.workspaces loop
    perform app.analytics_recount(w);
  end loop;
end
$$;

revoke all on public.question_groups, public.analytics_days, public.analytics_latency, public.analytics_documents, public.analytics_questions, public.analytics_reports
  from public, anon, authenticated;
grant select on public.question_groups, public.analytics_days, public.analytics_latency, public.analytics_documents, public.analytics_questions, public.analytics_reports to authenticated;
alter table public.question_groups enable row level security;
alter table public.analytics_days enable row level security;
alter table public.analytics_latency enable row level security;
alter table public.analytics_documents enable row level security;
alter table public.analytics_questions enable row level security;
alter table public.analytics_reports enable row level security;

-- Analytics read every conversation of a workspace: its admins (and secret keys) see them.
create policy question_groups_select on public.question_groups for select to authenticated using (workspace_id in (select app.my_workspaces('admin')));
create policy analytics_days_select on public.analytics_days for select to authenticated using (workspace_id in (select app.my_workspaces('admin')));
create policy analytics_latency_select on public.analytics_latency for select to authenticated using (workspace_id in (select app.my_workspaces('admin')));
create policy analytics_documents_select on public.analytics_documents for select to authenticated using (workspace_id in (select app.my_workspaces('admin')));
create policy analytics_questions_select on public.analytics_questions for select to authenticated using (workspace_id in (select app.my_workspaces('admin')));
create policy analytics_reports_select on public.analytics_reports for select to authenticated using (workspace_id in (select app.my_workspaces('admin')));
