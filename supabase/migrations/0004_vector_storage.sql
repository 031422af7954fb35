-- A 1024-dimension vector (4 KB) is stored out of line; its floats do not compress, so skip
-- the attempt on every insert.
alter table public.chunks alter column embedding set storage external;
