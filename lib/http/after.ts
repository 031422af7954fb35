import { after } from 'next/server'

/**
 * Runs work once the response is sent (on serverless hosts, within the function's lifetime);
 * outside a request (scripts, tests calling handlers) it simply starts now.
 */
export function afterResponse(task: () => Promise<unknown>): void {
  try {
    after(task)
  } catch {
    void task()
  }
}
