/** TEST_DATABASE_URL with its database replaced (Postgres runs only). */
export function adminUrl(database?: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!)
  if (database) url.pathname = `/${database}`
  return url.toString()
}
