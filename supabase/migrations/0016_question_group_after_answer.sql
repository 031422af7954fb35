-- A question asked in a chat is grouped when its answer is saved, not when it is written:
-- grouping compares it with the workspace's groups, which grows with them, and it was done
-- before the answer's first byte. The chat says so for its transaction
-- (app.question_grouping = 'after answer'); any other question is grouped when written.
create or replace function app.message_analytics_fill() returns trigger language plpgsql security definer set search_path = '' as
$$
begin
  if tg_op = 'INSERT' then
    new.channel := (select c.channel from public.conversations c where c.id = new.conversation_id and c.workspace_id = new.workspace_id);
  end if;
  if new.role = 'user' then
    if tg_op = 'INSERT' and current_setting('app.question_grouping', true) = 'after answer' then
      new.question_group := null;
    elsif tg_op = 'INSERT' or new.content is distinct from old.content then
      new.question_group := case when btrim(new.content) = '' then null else app.question_group_for(new.workspace_id, new.content) end;
    end if;
  elsif tg_op = 'INSERT' and new.reply_to is not null then
    new.question_group := (select q.question_group from public.messages q where q.id = new.reply_to and q.workspace_id = new.workspace_id);
  end if;
  return new;
end
$$;

-- Groups a question left ungrouped by the chat, and gives its answers the group.
create or replace function app.group_question(workspace uuid, question uuid) returns void
language plpgsql security definer set search_path = '' as
$$
declare
  found uuid;
begin
  select case when btrim(m.content) = '' then null else app.question_group_for(workspace, m.content) end into found
    from public.messages m
   where m.id = question and m.workspace_id = workspace and m.role = 'user' and m.question_group is null;
  if found is null then return; end if;
  update public.messages set question_group = found where id = question and workspace_id = workspace;
  update public.messages set question_group = found where reply_to = question and workspace_id = workspace and question_group is null;
end
$$;
revoke all on function app.group_question(uuid, uuid) from public;
