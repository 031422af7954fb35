import { handle } from '@/lib/api/route'
import { health, healthContract } from '@/lib/health'

export const GET = handle(healthContract, async () => {
  const result = await health()
  return Response.json(result, { status: result.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } })
})
