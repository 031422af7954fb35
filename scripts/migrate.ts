// `npm run db:migrate`: applies supabase/migrations to DATABASE_URL (or the embedded database)
// before a deploy. The server also applies pending migrations when it starts.
import { database } from '../lib/db'

const db = await database()
console.log('Migrations are up to date.')
await db.close()
