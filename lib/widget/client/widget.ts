import './widget.css'
import { escapeHtml, markdown } from './markdown'

/**
 * The widget page's script: plain DOM over the static shell the server rendered. It talks to
 * the loader in the host page by postMessage (to and from the site the server checked, only),
 * keeps the visitor's token in its own storage, and reads the answer's UI message stream
 * (server-sent events) itself.
 */

interface Citation {
  n: number
  documentName: string
  page: number | null
  headingPath: string[]
  text: string
}
interface Message {
  id: string
  role: 'user' | 'assistant'
  text: string
  citations: Citation[]
  status: string
  errorCode: string | null
  feedback: 'up' | 'down' | null
}
interface Boot {
  key: string
  site: string
  title: string
  greeting: string
  color: string
  position: string
  maxChars: number
  strings: Record<string, string>
}
type ApiFailure = { status: number; code: string; retryAfter: number }

const boot = JSON.parse(document.getElementById('boot')!.textContent!) as Boot
const t = (name: string, vars: Record<string, string | number> = {}) => (boot.strings[name] || name).replace(/\{(\w+)\}/g, (_, v: string) => String(vars[v] ?? ''))
const $ = <E extends Element>(selector: string) => document.querySelector(selector) as E
const log = $<HTMLDivElement>('.log')
const notice = $<HTMLParagraphElement>('.notice')
const form = $<HTMLFormElement>('.composer')
const input = $<HTMLTextAreaElement>('#question')
const sendButton = $<HTMLButtonElement>('.send')
let token: string | null = null
let suggestions: string[] = []
let streaming: AbortController | null = null
let opened = false

// Only inside the frame of the site the server checked (the browser enforced frame-ancestors too).
const ancestors = location.ancestorOrigins
const framedBySite = window.parent !== window && (!ancestors || !ancestors.length || ancestors[0] === boot.site)
const toHost = (message: Record<string, unknown>) => framedBySite && window.parent.postMessage({ ...message }, boot.site)

/** The loader keeps the token in the host page's storage (see embed.ts) and hands it over in the URL fragment. */
function remember(value: string | null) {
  token = value
  toHost({ monitora: 'token', token: value })
}
const recall = () => decodeURIComponent(location.hash.slice(1)) || null

function headers(json = false): Record<string, string> {
  const sent: Record<string, string> = { authorization: `Bearer ${boot.key}`, 'x-monitora-site': boot.site }
  if (token) sent['x-visitor-token'] = token
  if (json) sent['content-type'] = 'application/json'
  return sent
}

async function failure(response: Response): Promise<ApiFailure> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null
  return { status: response.status, code: body?.error?.code || `http:${response.status}`, retryAfter: Number(response.headers.get('retry-after')) || 0 }
}

async function api<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, body === undefined ? { headers: headers() } : { method: 'POST', headers: headers(true), body: JSON.stringify(body) })
  if (!response.ok) throw await failure(response)
  return (response.status === 204 ? undefined : await response.json()) as T
}

let noticeTimer: ReturnType<typeof setTimeout> | undefined
function say(text: string | null, seconds = 0) {
  clearTimeout(noticeTimer)
  notice.textContent = text || ''
  notice.hidden = !text
  if (text && seconds) noticeTimer = setTimeout(() => say(navigator.onLine ? null : t('offline')), seconds * 1000)
}

function explain(error: unknown) {
  const failed = error as Partial<ApiFailure>
  if (!navigator.onLine) return say(t('offline'))
  if (failed.code === 'rate_limited:widget') return say(t('rateLimited', { seconds: failed.retryAfter || 60 }), failed.retryAfter || 60)
  if (failed.code === 'conflict:chat') return say(t('busy'), 8)
  if (failed.code === 'timeout:model') return say(t('timeout'), 12)
  if (failed.code === 'unavailable:model' || failed.code === 'rate_limited:model' || failed.code === 'unavailable:search' || failed.code === 'unavailable:database') return say(t('failed'), 12)
  say(t('unavailable'), 12)
}

const scrollDown = () => (log.scrollTop = log.scrollHeight)

function bubble(role: 'user' | 'assistant', testId: string): HTMLDivElement {
  const element = document.createElement('div')
  element.className = `msg ${role}`
  element.dataset.testid = testId
  element.dataset.role = role
  const who = document.createElement('span')
  who.className = 'sr'
  who.textContent = `${t(role === 'user' ? 'you' : 'assistant')}: `
  const body = document.createElement('div')
  body.className = 'body'
  element.append(who, body)
  log.append(element)
  return element
}

const citeLabel = (n: number) => t('source', { n })

function cited(text: string, citations: Citation[]): Citation[] {
  const numbers = new Set([...text.matchAll(/\[(\d{1,2})\]/g)].map((match) => Number(match[1])))
  return citations.filter((citation) => numbers.has(citation.n))
}

function renderAnswer(element: HTMLDivElement, text: string, citations: Citation[]) {
  element.querySelector('.body')!.innerHTML = markdown(text, Math.max(0, ...citations.map((c) => c.n)), citeLabel)
}

/** The answer's sources, each expandable to its passage, and the feedback buttons. */
function finishAnswer(element: HTMLDivElement, message: Pick<Message, 'id' | 'text' | 'citations' | 'status' | 'feedback'>) {
  element.dataset.status = message.status
  renderAnswer(element, message.text, message.citations)
  const sources = cited(message.text, message.citations)
  if (sources.length) {
    const list = document.createElement('div')
    list.className = 'sources'
    list.dataset.testid = 'sources'
    list.innerHTML = `<p class="label">${escapeHtml(t('sources'))}</p>${sources
      .map(
        (source) =>
          `<details data-n="${source.n}" data-testid="source"><summary><span class="n">${source.n}</span> ${escapeHtml(source.documentName)}${
            source.page ? ` · ${escapeHtml(t('page', { page: source.page }))}` : ''
          }</summary>${source.headingPath.length ? `<p class="path">${escapeHtml(source.headingPath.join(' › '))}</p>` : ''}<blockquote>${escapeHtml(source.text)}</blockquote></details>`,
      )
      .join('')}`
    element.append(list)
  }
  if (message.status === 'interrupted') {
    const note = document.createElement('p')
    note.className = 'note'
    note.textContent = t('interrupted')
    element.append(note)
  }
  if (message.id && message.status === 'complete') element.append(feedbackButtons(message.id, message.feedback))
}

function feedbackButtons(messageId: string, given: Message['feedback']): HTMLDivElement {
  const row = document.createElement('div')
  row.className = 'feedback'
  const make = (rating: 'up' | 'down', label: string, path: string) => {
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'icon'
    button.dataset.rating = rating
    button.setAttribute('aria-label', label)
    button.title = label
    button.setAttribute('aria-pressed', String(given === rating))
    button.innerHTML = `<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path d="${path}"/></svg>`
    button.onclick = async () => {
      const next = button.getAttribute('aria-pressed') === 'true' ? null : rating
      try {
        await api('/api/widget/feedback', { messageId, rating: next })
        row.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.rating === next)))
        if (next) say(t('thanks'), 3)
      } catch (error) {
        explain(error)
      }
    }
    return button
  }
  row.append(
    make('up', t('helpful'), 'M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z'),
    make('down', t('notHelpful'), 'M22 3h-4v12h4V3zM2 14a2 2 0 0 0 2 2h6.3l-1 4.6v.3c0 .4.2.8.4 1.1l1.1 1L17.4 16.4c.4-.4.6-.9.6-1.4V5a2 2 0 0 0-2-2H7c-.8 0-1.5.5-1.8 1.2l-3 7.1c-.1.2-.2.5-.2.7v2z'),
  )
  return row
}

function showStart() {
  log.textContent = ''
  if (boot.greeting) {
    const greeting = bubble('assistant', 'greeting')
    greeting.querySelector('.body')!.innerHTML = markdown(boot.greeting, 0, citeLabel)
  }
  if (suggestions.length) offer(suggestions, 'suggestions')
}

/** Questions as chips at the end of the conversation: starters, or follow-ups after an answer. */
function offer(questions: string[], kind: 'suggestions' | 'followUps') {
  const chips = document.createElement('div')
  chips.className = 'chips'
  chips.setAttribute('role', 'group')
  chips.setAttribute('aria-label', t(kind))
  chips.dataset.testid = kind === 'suggestions' ? 'suggestions' : 'follow-ups'
  for (const question of questions) {
    const chip = document.createElement('button')
    chip.type = 'button'
    chip.className = 'chip'
    chip.textContent = question
    chip.onclick = () => void ask(question)
    chips.append(chip)
  }
  log.append(chips)
}

function showHistory(messages: Message[]) {
  showStart()
  if (messages.length) log.querySelector('.chips')?.remove()
  for (const message of messages) {
    if (message.role === 'user') bubble('user', 'question').querySelector('.body')!.textContent = message.text
    else finishAnswer(bubble('assistant', 'answer'), message)
  }
  scrollDown()
}

function setStreaming(controller: AbortController | null) {
  streaming = controller
  form.classList.toggle('streaming', !!controller)
  sendButton.setAttribute('aria-label', t(controller ? 'stop' : 'send'))
  sendButton.title = t(controller ? 'stop' : 'send')
}

/** Reads the UI message stream: `data: {json}` events separated by blank lines. */
async function* events(response: Response): AsyncGenerator<{ type: string; [name: string]: unknown }> {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  for (;;) {
    const { done, value } = await reader.read()
    buffer += decoder.decode(value, { stream: !done })
    let end: number
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end).trim()
      buffer = buffer.slice(end + 2)
      if (event.startsWith('data: ') && event !== 'data: [DONE]') yield JSON.parse(event.slice(6))
    }
    if (done) return
  }
}

async function ask(question: string) {
  const text = question.trim()
  if (!text || streaming) return
  if (text.length > boot.maxChars) return say(t('tooLong', { max: boot.maxChars }), 6)
  if (!navigator.onLine) return say(t('offline'))
  say(null)
  log.querySelector('.chips')?.remove()
  const asked = bubble('user', 'question')
  asked.querySelector('.body')!.textContent = text
  input.value = ''
  resize()
  const answer = bubble('assistant', 'answer')
  answer.dataset.status = 'streaming'
  answer.querySelector('.body')!.innerHTML = `<p class="thinking">${escapeHtml(t('thinking'))}</p>`
  scrollDown()
  toHost({ monitora: 'message', role: 'user', text })
  const controller = new AbortController()
  setStreaming(controller)
  let id = ''
  let written = ''
  let citations: Citation[] = []
  let status = 'complete'
  let errorCode: string | null = null
  let followUps: string[] = []
  let frame = 0
  try {
    const response = await fetch('/api/widget/chat', {
      method: 'POST',
      headers: headers(true),
      body: JSON.stringify({ message: { role: 'user', parts: [{ type: 'text', text }] } }),
      signal: controller.signal,
    })
    if (!response.ok) throw await failure(response)
    for await (const part of events(response)) {
      if (part.type === 'start') id = String(part.messageId || '')
      else if (part.type === 'data-citation') citations.push(part.data as Citation)
      else if (part.type === 'text-delta') {
        written += String(part.delta)
        // One render per frame, however fast the deltas come.
        frame ||= requestAnimationFrame(() => {
          frame = 0
          renderAnswer(answer, written, citations)
          scrollDown()
        })
      } else if (part.type === 'data-suggestions') followUps = (part.data as { questions: string[] }).questions
      else if (part.type === 'error') errorCode = String(part.errorText)
      else if (part.type === 'finish') status = String((part.messageMetadata as { status?: string } | undefined)?.status || status)
    }
    if (errorCode) status = 'failed'
  } catch (error) {
    if (controller.signal.aborted) status = 'interrupted'
    else {
      // Refused before any answer: the question was not kept, so it goes back to the composer.
      if (!id) {
        asked.remove()
        answer.remove()
        input.value = text
        resize()
      } else status = 'failed'
      explain(error)
    }
  }
  cancelAnimationFrame(frame)
  setStreaming(null)
  if (!answer.isConnected) return
  if (status === 'failed') explain({ code: errorCode })
  citations = citations.filter((citation, i, all) => all.findIndex((c) => c.n === citation.n) === i)
  if (!written && status !== 'complete') answer.querySelector('.body')!.textContent = ''
  finishAnswer(answer, { id, text: written, citations, status, feedback: null })
  if (status === 'complete' && followUps.length) offer(followUps, 'followUps')
  toHost({ monitora: 'message', role: 'assistant', text: written })
  scrollDown()
}

function resize() {
  input.style.height = 'auto'
  input.style.height = `${Math.min(input.scrollHeight, 140)}px`
}

async function reset() {
  streaming?.abort()
  try {
    await api('/api/widget/reset', {})
    say(null)
    showStart()
    input.focus()
  } catch (error) {
    explain(error)
  }
}

/** The widget's settings and the visitor's conversation; a token this workspace refuses is replaced by a new visitor's. */
async function load() {
  token = recall()
  let config: { suggestions: string[]; visitorToken: string }
  try {
    config = await api('/api/widget/config')
  } catch (error) {
    if ((error as ApiFailure).code !== 'unauthorized:visitor') throw error
    remember(null)
    config = await api('/api/widget/config')
  }
  const returning = token === config.visitorToken
  remember(config.visitorToken)
  suggestions = config.suggestions
  if (returning) showHistory((await api<{ messages: Message[] }>('/api/widget/history')).messages)
  else showStart()
}

async function identify(visitor: string, signature: string) {
  try {
    const { visitorToken } = await api<{ visitorToken: string }>('/api/widget/identify', { visitor, signature })
    if (visitorToken === token) return
    remember(visitorToken)
    showHistory((await api<{ messages: Message[] }>('/api/widget/history')).messages)
  } catch (error) {
    explain(error)
  }
}

function start() {
  if (!framedBySite) return
  document.documentElement.style.setProperty('--accent', boot.color)
  document.documentElement.dataset.position = boot.position
  toHost({ monitora: 'ready', color: boot.color, position: boot.position, title: boot.title, label: t('open', { title: boot.title }) })

  addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { monitora?: string; visitor?: unknown; signature?: unknown } | null
    if (event.source !== window.parent || event.origin !== boot.site || !data) return
    if (data.monitora === 'open') {
      opened = true
      input.focus()
    }
    else if (data.monitora === 'reset') void reset()
    else if (data.monitora === 'identify') void identify(String(data.visitor), String(data.signature))
  })
  $<HTMLButtonElement>('[data-action="close"]').onclick = () => toHost({ monitora: 'close' })
  $<HTMLButtonElement>('[data-action="reset"]').onclick = () => void reset()
  addEventListener('keydown', (event) => event.key === 'Escape' && toHost({ monitora: 'close' }))
  form.onsubmit = (event) => {
    event.preventDefault()
    if (streaming) streaming.abort()
    else void ask(input.value)
  }
  input.onkeydown = (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault()
      form.requestSubmit()
    }
  }
  input.oninput = resize
  log.onclick = (event) => {
    const marker = (event.target as Element).closest<HTMLButtonElement>('.cite')
    const source = marker?.closest('.msg')?.querySelector<HTMLDetailsElement>(`details[data-n="${marker.dataset.n}"]`)
    if (!source) return
    source.open = true
    source.scrollIntoView({ block: 'nearest' })
    source.querySelector('summary')!.focus()
  }
  addEventListener('offline', () => say(t('offline')))
  addEventListener('online', () => say(null))

  load()
    .then(() => {
      input.disabled = false
      sendButton.disabled = false
      document.body.dataset.state = 'ready'
      if (opened) input.focus()
      if (!navigator.onLine) say(t('offline'))
    })
    .catch((error) => {
      document.body.dataset.state = 'failed'
      explain(error)
    })
}

start()
