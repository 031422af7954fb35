import { asService, sql, type Queryable } from '../db'

export interface User {
  id: string
  email: string
  name: string | null
  locale: 'en' | 'fr' | null
}

const userColumns = sql`id, email::text as email, name, locale`

export async function findUserById(tx: Queryable, id: string): Promise<User | null> {
  const [user] = await tx.query<User>(sql`select ${userColumns} from users where id = ${id}`)
  return user ?? null
}

/** Makes sure a user known to Supabase Auth has its row here (same id). */
export async function ensureUserRow(id: string, email: string): Promise<User> {
  return asService(async (tx) => {
    await tx.query(sql`insert into users (id, email) values (${id}, ${email}) on conflict (id) do nothing`)
    return (await findUserById(tx, id))!
  })
}
