import { startMistralApp } from './support/mistral-app'

/** Starts the Mistral-backed app for the chat journeys; its address reaches the tests through the environment. */
export default async function globalSetup() {
  const { fake, server, url } = await startMistralApp()
  process.env.E2E_MISTRAL_APP = url
  return async () => {
    server.kill('SIGTERM')
    await fake.close()
  }
}
