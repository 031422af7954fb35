-- The Ollama- and OpenAI-compatible APIs (lib/compat): their clients send the whole
-- conversation with every question. A conversation they started keeps the fingerprint of its
-- turns so far (SHA-256 of roles and texts, as the client will send them back), so that the
-- next question of the same chat continues it instead of starting another one.
alter table public.conversations add column api_thread text check (char_length(api_thread) = 64);
create index conversations_api_thread_idx on public.conversations (workspace_id, api_thread) where api_thread is not null;
