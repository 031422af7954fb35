import { withApiCors } from '@/lib/api/cors'
import { openApiDocument } from '@/lib/api/openapi'

export function GET(request: Request) {
  return withApiCors(request, Response.json(openApiDocument()))
}
