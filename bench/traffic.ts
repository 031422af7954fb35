// `npm run bench:traffic -- [--url http://localhost:3000]`: a day of mixed traffic against a running
// server (`npm start`), through its public routes only, so that a person can then open the analytics
// page of the workspace it prints. As the demo account: a new workspace with the demo documents and
// one damaged PDF (it fails), a secret and a public key, then questions asked in the dashboard, through
// the API and through the widget (several visitors), in English and French, answerable or not, in
// several wordings, with thumbs up and down and comments.
import { demoDocuments } from '../lib/demo-documents'
import { DEMO_EMAIL, DEMO_PASSWORD } from '../lib/demo'

const args = process.argv.slice(2)
const url = (args[args.indexOf('--url') + 1] && args.includes('--url') ? args[args.indexOf('--url') + 1] : process.env.MONITORA_URL) ?? 'http://localhost:3000'
const site = 'https://shop.example.com'

async function api(path: string, init: { method?: string; cookie?: string; bearer?: string; body?: unknown; form?: FormData; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { origin: url, ...init.headers }
  if (init.cookie) headers.cookie = init.cookie
  if (init.bearer) headers.authorization = `Bearer ${init.bearer}`
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${url}${path}`, { method: init.method ?? 'GET', headers, body: init.form ?? (init.body === undefined ? undefined : JSON.stringify(init.body)), redirect: 'manual' })
  const text = await response.text()
  if (response.status >= 400) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${text.slice(0, 300)}`)
  return { response, text, json: (response.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : undefined }
}

const login = await api('/api/auth/login', { method: 'POST', body: { email: DEMO_EMAIL, password: DEMO_PASSWORD } })
const cookie = login.response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ')
const ws: string = (await api('/api/workspaces', { method: 'POST', cookie, body: { name: `Mixed traffic ${stamp}` } })).json.id
console.log(`workspace ${ws}`)

const form = new FormData()
for (const document of demoDocuments) form.append('file', new File([document.content], document.name))
form.append('file', new File(['%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis file was cut short'], 'contrat-endommage.pdf', { type: 'application/pdf' }))
await api(`/api/workspaces/${ws}/documents`, { method: 'POST', cookie, form })
for (let i = 0; i < 100; i++) {
  const items: { name: string; status: string }[] = (await api(`/api/workspaces/${ws}/documents`, { cookie })).json.items
  if (items.every((d) => d.status === 'ready' || d.status === 'failed')) {
    console.log(`documents: ${items.map((d) => `${d.name} ${d.status}`).join(', ')}`)
    break
  }
  await new Promise((resolve) => setTimeout(resolve, 300))
}

const secret: string = (await api(`/api/workspaces/${ws}/keys`, { method: 'POST', cookie, body: { kind: 'secret', name: 'Traffic API' } })).json.token
const publicKey: string = (await api(`/api/workspaces/${ws}/keys`, { method: 'POST', cookie, body: { kind: 'public', name: 'Traffic widget' } })).json.token
await api(`/api/workspaces/${ws}`, { method: 'PATCH', cookie, body: { allowedDomains: ['shop.example.com'] } })

// What people ask: answerable questions in several wordings, and questions the documents cannot answer.
const answerable = [
  ['Which file types can I upload?', 'What file formats are supported?', 'can I upload excel files'],
  ['How do I read the passage behind a citation?', 'what happens when I click a citation'],
  ['Combien de jours de télétravail par semaine ?', 'combien de jours de teletravail par semaine', 'Combien de jours puis-je télétravailler ?'],
  ['Quel est le montant de l’indemnité de télétravail ?', 'indemnité télétravail montant'],
  ['What is a public key for?', 'What are public keys used for?'],
]
const unanswerable = [
  ['How much does the enterprise plan cost?', 'What is the price of the enterprise plan?', 'enterprise plan cost'],
  ['Is there a mobile app?', 'Do you have a mobile app for Android?'],
  ['Les tickets restaurant sont-ils maintenus en télétravail ?', 'tickets restaurant en télétravail'],
]
const { random, pick } = (await import('./support')).seeded(7)
const ask = () => (random() < 0.7 ? pick(pick(answerable)) : pick(pick(unanswerable)))
const comments = ['Exactly what I needed', 'The answer missed the point', 'Too long', 'Parfait, merci', 'Il manque le cas des temps partiels']
let asked = 0

async function rate(answerId: string, auth: { cookie?: string; bearer?: string }) {
  const roll = random()
  if (roll < 0.35) await api(`/api/messages/${answerId}/feedback`, { method: 'POST', ...auth, body: { rating: roll < 0.25 ? 'up' : 'down', ...(roll < 0.1 || roll > 0.3 ? { comment: pick(comments) } : {}) } })
}

// Dashboard: 12 conversations of 1 to 4 questions.
for (let c = 0; c < 12; c++) {
  let conversationId: string | undefined
  for (let q = 0; q < 1 + Math.floor(random() * 4); q++) {
    const answer = (await api(`/api/workspaces/${ws}/chat`, { method: 'POST', cookie, body: { conversationId, stream: false, message: { role: 'user', parts: [{ type: 'text', text: ask() }] } } })).json
    conversationId = answer.conversationId
    await rate(answer.message.id, { cookie })
    asked++
  }
}
// API: 10 one-question conversations with the secret key.
for (let c = 0; c < 10; c++) {
  const answer = (await api(`/api/workspaces/${ws}/chat`, { method: 'POST', bearer: secret, body: { stream: false, message: { role: 'user', parts: [{ type: 'text', text: ask() }] } } })).json
  await rate(answer.message.id, { bearer: secret })
  asked++
}
// Widget: 8 visitors from their own addresses, 1 to 3 questions each, some thumbs.
for (let v = 0; v < 8; v++) {
  const visitor = { referer: `${url}/widget/${publicKey}`, 'x-monitora-site': site, 'x-forwarded-for': `203.0.113.${10 + v}` }
  const config = (await api('/api/widget/config', { bearer: publicKey, headers: visitor })).json
  const headers = { ...visitor, 'x-visitor-token': config.visitorToken }
  for (let q = 0; q < 1 + Math.floor(random() * 3); q++) {
    const stream = await api('/api/widget/chat', { method: 'POST', bearer: publicKey, headers, body: { message: { role: 'user', parts: [{ type: 'text', text: ask() }] } } })
    const start = stream.text.split('\n\n').map((e) => e.replace(/^data: /, '')).find((e) => e.startsWith('{"type":"start"'))
    const messageId = start ? JSON.parse(start).messageId : null
    if (messageId && random() < 0.4) await api('/api/widget/feedback', { method: 'POST', bearer: publicKey, headers, body: { messageId, rating: random() < 0.6 ? 'up' : 'down' } })
    asked++
  }
}

console.log(`${asked} questions asked (dashboard, API and widget).`)
console.log(`Open ${url}/workspaces/${ws}/analytics (signed in as ${DEMO_EMAIL} / ${DEMO_PASSWORD}).`)
