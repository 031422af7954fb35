/**
 * Runs once when the server starts (not during `next build`): validates the configuration,
 * opens and migrates the database, and creates the demo account on the embedded default.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { startServer } = await import('./lib/server-start')
  await startServer()
}
