import { describe, expect, it } from 'vitest'
import * as api from './[...path]/route'
import * as ollama from '@/app/ollama/api/[...path]/route'
import * as openai from '@/app/v1/[...path]/route'

describe('paths no route serves', () => {
  it('answer 404 in each API’s own error format, for every method', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const native = await api[method](new Request('http://localhost/api/nothing-here', { method }))
      expect(native.status).toBe(404)
      expect((await native.json()).error).toEqual({ code: 'not_found:api', message: `This API has no ${method} /api/nothing-here: its routes are listed in /docs and /api/openapi.json.` })
    }
    const deleted = await ollama.DELETE(new Request('http://localhost/ollama/api/delete', { method: 'DELETE' }))
    expect(deleted.status).toBe(404)
    expect(await deleted.json()).toEqual({ error: 'This API has no DELETE /ollama/api/delete: its routes are listed in /docs (Ollama-compatible API).' })
    const files = await openai.GET(new Request('http://localhost/v1/files'))
    expect(files.status).toBe(404)
    expect((await files.json()).error).toMatchObject({ message: 'This API has no GET /v1/files: its routes are listed in /docs (OpenAI-compatible API).', code: 'not_found:api' })
  })
})
