import { unknownRoutes } from '@/lib/api/route'

export const { GET, POST, PUT, PATCH, DELETE } = unknownRoutes('/docs and /api/openapi.json')
