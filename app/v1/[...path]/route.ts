import { unknownRoutes } from '@/lib/api/route'
import { openaiHandling } from '@/lib/compat/openai'

export const { GET, POST, PUT, PATCH, DELETE } = unknownRoutes('/docs (OpenAI-compatible API)', openaiHandling.renderError)
