import { unknownRoutes } from '@/lib/api/route'
import { ollamaHandling } from '@/lib/compat/ollama'

export const { GET, POST, PUT, PATCH, DELETE } = unknownRoutes('/docs (Ollama-compatible API)', ollamaHandling.renderError)
