-- Embeddings of chunks in pgvector (the default; Qdrant instead when QDRANT_URL is set).
-- Search scans a binary quantisation of each vector through an HNSW index (cheap to insert
-- into, even in PGlite), then rescores the best candidates with the full vector, which
-- Postgres keeps out of line.
alter table public.chunks
  add column embedding vector(1024),
  add column embedding_bq bit(1024) generated always as (binary_quantize(embedding)::bit(1024)) stored;

create index chunks_embedding_bq_idx on public.chunks using hnsw (embedding_bq bit_hamming_ops) with (m = 16, ef_construction = 64);
