-- An answer's words join its conversation's search vector once, when it stops streaming
-- (complete, interrupted or failed). The partial text saved every few seconds while it streams
-- is not searched, and the final save no longer re-reads the whole conversation.
drop trigger messages_words_first on public.messages;
drop trigger messages_words_update on public.messages;
create trigger messages_words_first after update of content, status on public.messages
  for each row when (new.status <> 'streaming' and new.content <> '' and (old.status = 'streaming' or old.content = ''))
  execute function app.message_words_added();
create trigger messages_words_update after update of content on public.messages
  for each row when (old.status <> 'streaming' and new.status <> 'streaming' and old.content <> '' and old.content is distinct from new.content)
  execute function app.message_words();
