import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { citext } from '@electric-sql/pglite/contrib/citext'
let t = performance.now()
const db = await PGlite.create({ extensions: { vector, pg_trgm, unaccent, citext } })
console.log('create mem', performance.now() - t); t = performance.now()
await db.exec('create extension vector; create extension pg_trgm; create extension unaccent; create extension citext; create table t(id int8, ts timestamptz default now(), j jsonb, a text[]); insert into t values (1, now(), \'{"a":1}\', \'{x,y}\')')
console.log('ext', performance.now() - t); t = performance.now()
console.log((await db.query('select *, count(*) over () as c from t')).rows)
const dump = await db.dumpDataDir('gzip')
console.log('dump', performance.now() - t, dump.size); t = performance.now()
const db2 = await PGlite.create({ loadDataDir: dump, extensions: { vector, pg_trgm, unaccent, citext } })
console.log('load', performance.now() - t); t = performance.now()
console.log((await db2.query('select count(*) from t')).rows, performance.now() - t)
t = performance.now()
for (let i = 0; i < 200; i++) await db2.query('select $1::int as x', [i])
console.log('200 queries', performance.now() - t)
t = performance.now()
for (let i = 0; i < 200; i++) await db2.transaction(async tx => { await tx.query("select set_config('request.jwt.claims', $1, true)", ['{}']); await tx.query('select 1') })
console.log('200 tx', performance.now() - t)
