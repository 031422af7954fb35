/** The Ollama- and OpenAI-compatible APIs behind a real HTTP server, answered by the real Mistral provider talking to a scripted Mistral. */
import * as ollamaChat from '@/app/ollama/api/chat/route'
import * as ollamaEmbed from '@/app/ollama/api/embed/route'
import * as ollamaEmbeddings from '@/app/ollama/api/embeddings/route'
import * as ollamaGenerate from '@/app/ollama/api/generate/route'
import * as ollamaPs from '@/app/ollama/api/ps/route'
import * as ollamaPull from '@/app/ollama/api/pull/route'
import * as ollamaShow from '@/app/ollama/api/show/route'
import * as ollamaTags from '@/app/ollama/api/tags/route'
import * as ollamaVersion from '@/app/ollama/api/version/route'
import * as openaiChat from '@/app/v1/chat/completions/route'
import * as openaiEmbeddings from '@/app/v1/embeddings/route'
import * as openaiModels from '@/app/v1/models/route'
import * as conversationsRoute from '@/app/api/workspaces/[ws]/conversations/route'
import { parseSources } from '@/lib/ai/sources'
import { createKey, createWorkspace, quickPerson, type Key, type Person, type Workspace } from './actors'
import { startApiServer } from './api-server'
import { addDocuments, chatRows, messagesOf } from './chat'
import { lastUserText, messageText, startFakeMistral, type FakeMistral } from './fake-mistral'
import { call } from './http'

export const compatRoutes = {
  'POST /ollama/api/chat': ollamaChat.POST,
  'POST /ollama/api/generate': ollamaGenerate.POST,
  'GET /ollama/api/tags': ollamaTags.GET,
  'GET /ollama/api/ps': ollamaPs.GET,
  'POST /ollama/api/show': ollamaShow.POST,
  'POST /ollama/api/pull': ollamaPull.POST,
  'POST /ollama/api/embed': ollamaEmbed.POST,
  'POST /ollama/api/embeddings': ollamaEmbeddings.POST,
  'GET /ollama/api/version': ollamaVersion.GET,
  'POST /v1/chat/completions': openaiChat.POST,
  'GET /v1/models': openaiModels.GET,
  'POST /v1/embeddings': openaiEmbeddings.POST,
}

export const POLICY = `# Remote work policy

## Days

Employees may work remotely up to three days a week. Tuesday is an office day for every team.

## Allowance

A flat allowance of 30 euros a month is paid to employees who work remotely at least one day a week.
`

/** A model that answers from the sources it is given, citing the first one, or says the documents do not say. */
export function groundedReply(body: any) {
  const system = messageText(body.messages?.[0]?.content)
  if (system.startsWith('Write a title')) return { text: lastUserText(body).split(/\s+/).slice(0, 4).join(' ') }
  const [source] = parseSources(system)
  if (!source) return { text: `You asked: ${lastUserText(body)}`, chunkSize: 5 }
  const sentence = source.text.split('\n').find((line) => line.trim() && !line.startsWith('#'))!.split(/(?<=\.)\s/)[0]
  return { text: `${sentence} [${source.n}]`, chunkSize: 5 }
}

export interface CompatSetup {
  mistral: FakeMistral
  owner: Person
  ws: Workspace
  key: Key
  origin: string
  close(): Promise<void>
}

/**
 * The environment before lib/config is read: Mistral for answers and embeddings, and aliases so
 * that the Ollama documentation's model names reach this server's models.
 */
export async function startCompat(): Promise<CompatSetup> {
  const mistral = await startFakeMistral()
  mistral.defaultReply = groundedReply
  const saved = { ...process.env }
  Object.assign(process.env, {
    MISTRAL_API_KEY: 'test-key',
    MISTRAL_BASE_URL: mistral.baseURL,
    MODEL_ALIASES: 'llama3.2=monitora,llama3.1=monitora,llama3.1:8b=monitora,mistral=mistral-small-latest,all-minilm=mistral-embed',
    CHAT_TIMEOUT_SECONDS: '5',
  })
  const owner = await quickPerson('compat-owner')
  const ws = await createWorkspace(owner, 'Équipe Support')
  await addDocuments(owner, ws.id, { 'policy.md': POLICY })
  const key = await createKey(owner, ws.id)
  const server = await startApiServer(compatRoutes)
  return {
    mistral,
    owner,
    ws,
    key,
    origin: server.origin,
    async close() {
      await server.close()
      await mistral.close()
      process.env = saved
    },
  }
}

/** The workspace's API conversations, newest first, with their messages. */
export async function apiConversations(owner: Person, ws: string) {
  const response = await call(conversationsRoute.GET, 'GET', `/api/workspaces/${ws}/conversations`, { cookie: owner.cookie, params: { ws }, query: { channel: 'api', limit: '100' } })
  return response.json.items as { id: string; channel: string; title: string; messageCount: number }[]
}

export async function conversationMessages(owner: Person, id: string) {
  return messagesOf({ cookie: owner.cookie }, id)
}

/** The answer requests the model received (not the title ones), in order. */
export const answerRequests = (mistral: FakeMistral) => mistral.chatRequests().filter((body) => !JSON.stringify(body.messages).includes('Write a title'))

/** Every chat row once the background work of earlier answers (a model-written title) has ended: two reads 150 ms apart agree. */
export async function settledChatRows() {
  let previous = await chatRows()
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 150))
    const current = await chatRows()
    if (JSON.stringify(current) === JSON.stringify(previous)) return current
    previous = current
  }
}
