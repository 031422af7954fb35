'use client'

import { useChat } from '@ai-sdk/react'
import { DefaultChatTransport } from 'ai'
import { usePathname, useRouter } from 'next/navigation'
import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useLocale, useT } from '@/lib/i18n/client'
import { ApiRequestError, callApi, errorMessage } from '../api'
import { Alert } from '../ui/alert'
import { Button, ButtonLink } from '../ui/button'
import { EmptyState } from '../ui/empty-state'
import { Icon } from '../ui/icons'
import { CandidateGroupView } from './candidates'
import { useChatShell } from './chat-shell'
import { candidateMessage, MAX_COMPARED, MIN_COMPARED, readChunks, splitThread } from './compare'
import { Composer } from './composer'
import { errorText, parseChatError, uuid } from './format'
import { citedNumbers, MessageItem, type MessageActions } from './message-item'
import { SourcesPanel } from './sources-panel'
import { CanvasPanel, ConversationExportMenu, type ArtifactDraft } from '../canvas/canvas-panel'
import { MessageArtifacts } from '../canvas/message-artifacts'
import { useCanvas } from '../canvas/use-canvas'
import canvasStyles from '../canvas/canvas.module.css'
import {
  messageCitations,
  messageText,
  toChatMessage,
  type ApiMessage,
  type CandidateGroup,
  type ChatMessage,
  type Citation,
  type Conversation,
  type MessageMeta,
  type MessageStatus,
  type Model,
  type Page,
  type Suggestions,
} from './types'
import styles from './chat.module.css'
import { Thinking } from './thinking'

export interface ChatPageProps {
  workspaceId: string
  /** The conversation of the URL, or null for a new chat. */
  conversationId: string | null
  /** Documents of the workspace ready to answer from, and all of them. */
  documents: { ready: number; total: number }
}

/**
 * The chat page's thread: the messages and the question box, the sources of an answer on
 * the right (the conversation list belongs to the chat layout). "New chat" on a page that
 * started as a new chat starts afresh without a reload.
 */
export function ChatPage(props: ChatPageProps) {
  const { newChats } = useChatShell()
  // A new chat replaces its URL with its conversation's (history.replaceState, so that the
  // answer keeps streaming). Back/forward to that URL brings this page back: open the conversation.
  // The router's path, not the address bar's: while a link to a new chat renders this page, the
  // address bar still shows the conversation being left.
  const pathname = usePathname()
  const [session, setSession] = useState(() => ({ n: 0, newChats, id: props.conversationId === null ? conversationInPath(pathname) : null }))
  // "New chat" chosen again: start afresh.
  if (session.newChats !== newChats) setSession({ n: session.n + 1, newChats, id: null })

  // Back/forward between the URLs this page took (it stays mounted): show the conversation of the URL.
  const fresh = props.conversationId === null
  useEffect(() => {
    if (!fresh) return
    const onPop = () => setSession((current) => ({ ...current, n: current.n + 1, id: conversationInPath(window.location.pathname) }))
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [fresh])

  if (props.conversationId !== null) return <ChatView key={props.conversationId} {...props} />
  return <ChatView key={`new-${session.n}`} {...props} conversationId={session.id} />
}

const conversationInPath = (path: string) => path.match(/\/chat\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i)?.[1]?.toLowerCase() ?? null

const modelStorageKey = (workspaceId: string) => `monitora.chat.model.${workspaceId}`
const compareStorageKey = (workspaceId: string) => `monitora.chat.compare.${workspaceId}`

function readStorage(storage: 'local' | 'session', key: string): string | null {
  try {
    return (storage === 'local' ? window.localStorage : window.sessionStorage).getItem(key)
  } catch {
    return null
  }
}

function writeStorage(storage: 'local' | 'session', key: string, value: string) {
  try {
    ;(storage === 'local' ? window.localStorage : window.sessionStorage).setItem(key, value)
  } catch {
    // storage unavailable
  }
}

type SendKind = { kind: 'send' | 'edit'; text: string } | { kind: 'retry' }
type Load = 'loading' | 'ready' | 'missing' | 'error'
type Notice = { code: string; message: string | null }

/** Every message of a conversation, compared answers included, oldest first. */
async function fetchMessages(conversationId: string, fallbackMessage: string): Promise<ApiMessage[]> {
  const all: ApiMessage[] = []
  let cursor: string | null = null
  // Oldest first, 100 at a time; a conversation of more than 2,000 messages shows its first 2,000.
  for (let page = 0; page < 20; page++) {
    const query: string = cursor ? `?limit=100&cursor=${encodeURIComponent(cursor)}` : '?limit=100'
    const { data }: { data: Page<ApiMessage> } = await callApi<Page<ApiMessage>>(`/api/conversations/${conversationId}/messages${query}`, { fallbackMessage })
    all.push(...data.items)
    cursor = data.nextCursor
    if (!cursor) break
  }
  return all
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const without = <T,>(record: Record<string, T>, key: string): Record<string, T> => {
  if (!(key in record)) return record
  const next = { ...record }
  delete next[key]
  return next
}

/** The error of a failed HTTP answer: its code and message, as the API sends them. */
async function responseError(response: Response): Promise<Notice> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } }
    if (body?.error?.code) return { code: body.error.code, message: body.error.message ?? null }
  } catch {
    // not JSON
  }
  return { code: 'unknown', message: null }
}

function ChatView({ workspaceId, conversationId: initialId, documents }: ChatPageProps) {
  const t = useT()
  const locale = useLocale()
  const router = useRouter()
  const { setActive, refresh: refreshList, newChat, register } = useChatShell()
  const base = `/workspaces/${workspaceId}`
  const [conversationId, setConversationId] = useState<string | null>(initialId)
  const conversationRef = useRef<string | null>(initialId)
  const [info, setInfo] = useState<Pick<Conversation, 'id' | 'title' | 'favorite' | 'channel'> | null>(null)
  const [load, setLoad] = useState<Load>(initialId ? 'loading' : 'ready')
  const [draft, setDraft] = useState('')
  const [models, setModels] = useState<Model[] | null>(null)
  const [model, setModel] = useState('')
  const [compareOn, setCompareOn] = useState(false)
  const [compareModels, setCompareModels] = useState<string[]>([])
  const [groups, setGroups] = useState<Record<string, CandidateGroup>>({})
  const [comparing, setComparing] = useState(false)
  const [keeping, setKeeping] = useState<string | null>(null)
  const [suggestions, setSuggestions] = useState<(Suggestions & { after: string | null }) | null>(null)
  const [sources, setSources] = useState<{ messageId: string; active: number | null } | null>(null)
  const [announcement, setAnnouncement] = useState('')
  const [notice, setNotice] = useState<Notice | null>(null)
  const [favoritePending, setFavoritePending] = useState(false)
  const inputRef = useRef<HTMLTextAreaElement>(null)
  const threadRef = useRef<HTMLDivElement>(null)
  const stickRef = useRef(true)
  const sendRef = useRef<SendKind | null>(null)
  const errorRef = useRef<Notice | null>(null)
  const sourcesOpener = useRef<HTMLElement | null>(null)
  const compareAbort = useRef<AbortController | null>(null)
  const alive = useRef(true)
  const fallback = t('common.unexpectedError')
  const canvas = useCanvas(conversationId, fallback)
  const canvasRef = useRef(canvas)
  useEffect(() => {
    canvasRef.current = canvas
  })

  const announce = useCallback((message: string) => setAnnouncement((current) => (current === message ? `${message}\u00a0` : message)), [])

  useEffect(() => {
    alive.current = true
    return () => {
      alive.current = false
      compareAbort.current?.abort()
    }
  }, [])

  // The list highlights the conversation open here.
  useEffect(() => setActive(conversationId), [setActive, conversationId])

  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatMessage>({
        api: `/api/workspaces/${workspaceId}/chat`,
        credentials: 'same-origin',
        prepareSendMessagesRequest: ({ messages, body, trigger, messageId }) => {
          const extra = (body ?? {}) as { conversationId?: string | null; model?: string; editOf?: string }
          const model = extra.model ? { model: extra.model } : {}
          if (trigger === 'regenerate-message' && messageId) return { api: `/api/messages/${messageId}/retry`, body: model }
          const last = messages[messages.length - 1]
          return {
            body: {
              ...(extra.conversationId ? { conversationId: extra.conversationId } : {}),
              message: { id: last.id, role: 'user', parts: last.parts.filter((part) => part.type === 'text').map((part) => ({ type: 'text', text: part.text })) },
              ...model,
              ...(extra.editOf ? { editOf: extra.editOf } : {}),
            },
          }
        },
      }),
    [workspaceId],
  )

  /** The answer started: the conversation is known (new chats get its URL), and the list shows it. */
  function openConversation({ id, title }: { id: string; title: string | null }) {
    conversationRef.current = id
    setConversationId(id)
    // A retry or a follow-up question carries no new title: keep the one shown.
    setInfo((current) => (current?.id === id ? { ...current, title: title || current.title } : { id, title: title || '', favorite: false, channel: 'dashboard' }))
    announce(t('chat.status.writing'))
    const url = `${base}/chat/${id}`
    if (window.location.pathname !== url) window.history.replaceState(null, '', url)
    refreshList()
  }

  const { messages, setMessages, sendMessage, regenerate, stop, status } = useChat<ChatMessage>({
    generateId: uuid,
    transport,
    onData: (part) => {
      if (part.type === 'data-conversation') {
        const { questionId } = part.data
        openConversation(part.data)
        // The server keeps the id the question was sent with; should it not, follow its id.
        setMessages((list) => {
          const index = list.findLastIndex((m) => m.role === 'user')
          return index === -1 || list[index].id === questionId ? list : list.map((m, i) => (i === index ? { ...m, id: questionId } : m))
        })
      } else if (part.type === 'data-title') {
        const { title } = part.data
        if (title) setInfo((current) => (current ? { ...current, title } : current))
        refreshList()
      } else if (part.type === 'data-artifact') {
        canvasRef.current.receive(part.data)
        announce(t('canvas.created', { title: part.data.title }))
      }
    },
    onError: (error) => {
      errorRef.current = parseChatError(error)
    },
    onFinish: ({ message, messages: list, isAbort, isError }) => {
      const sent = sendRef.current
      const streamed = list.some((m) => m.id === message.id && m.role === 'assistant')
      if (isAbort) {
        if (streamed) {
          patchMeta(message.id, { status: 'interrupted' })
          // The stream ends without its metadata: the server has them once it has saved the answer.
          if (conversationRef.current) void refreshStopped(conversationRef.current, message.id)
        }
        announce(t('chat.status.stopped'))
      } else if (isError) {
        const error = errorRef.current ?? { code: 'unknown', message: null }
        if (streamed) {
          patchMeta(message.id, { status: 'failed', errorCode: error.code })
          announce(errorText(t, error.code, error.message))
        } else {
          // Nothing came back: show the thread as the server has it, and give the question back.
          setNotice(error)
          if (conversationRef.current) void reload(conversationRef.current)
          else setMessages((current) => (current.at(-1)?.role === 'user' ? current.slice(0, -1) : current))
          if (sent && sent.kind !== 'retry') setDraft((current) => current || sent.text)
        }
      } else {
        announce(t('chat.status.done'))
        if (conversationRef.current) void loadSuggestions(conversationRef.current, message.id)
      }
      refreshList()
    },
  })

  const chatBusy = status === 'submitted' || status === 'streaming'
  const busy = chatBusy || comparing

  function patchMeta(id: string, meta: Partial<MessageMeta>) {
    setMessages((list) => list.map((m) => (m.id === id ? { ...m, metadata: { ...m.metadata, ...meta } } : m)))
  }

  /**
   * Answers that were stopped, as the server saved them. It saves them a moment after their
   * stream ends: ask until none of them is still "streaming" (a few seconds at most).
   */
  async function savedAnswers(conversation: string, ids: string[]): Promise<ApiMessage[] | null> {
    for (let attempt = 0; attempt < 12; attempt++) {
      await sleep(attempt === 0 ? 150 : 400)
      if (!alive.current) return null
      try {
        const list = await fetchMessages(conversation, fallback)
        const found = ids.map((id) => list.find((m) => m.id === id))
        if (found.some((m) => !m)) return null
        if (found.every((m) => m!.status !== 'streaming')) return found as ApiMessage[]
      } catch {
        // try again
      }
    }
    return null
  }

  /** A stopped answer gets its model, timings and tokens once the server has saved it. */
  async function refreshStopped(conversation: string, id: string) {
    const [saved] = (await savedAnswers(conversation, [id])) ?? []
    if (!saved || !alive.current) return
    const { metadata } = toChatMessage(saved)
    setMessages((list) => list.map((m) => (m.id === id ? { ...m, metadata: { ...m.metadata, ...metadata } } : m)))
  }

  const loadSuggestions = useCallback(
    async (forConversation: string | null, after: string | null) => {
      try {
        // Starters in the reader's language; follow-ups in the language of the conversation.
        const query = forConversation ? `?conversationId=${encodeURIComponent(forConversation)}` : `?language=${locale}`
        const { data } = await callApi<Suggestions>(`/api/workspaces/${workspaceId}/suggestions${query}`, { fallbackMessage: '' })
        setSuggestions({ ...data, after })
      } catch {
        setSuggestions(null)
      }
    },
    [workspaceId, locale],
  )

  /** The thread as the server has it: kept answers in the thread, compared ones beside their question. */
  async function reload(id: string) {
    try {
      const { thread, groups: loaded } = splitThread(await fetchMessages(id, fallback))
      setMessages(thread)
      setGroups(loaded)
    } catch {
      // The thread stays as it is; the notice already says what went wrong.
    }
  }

  // An existing conversation: its title and messages.
  useEffect(() => {
    if (!initialId) return
    let cancelled = false
    Promise.all([callApi<Conversation>(`/api/conversations/${initialId}`, { fallbackMessage: fallback }), fetchMessages(initialId, fallback)])
      .then(([{ data: conversation }, list]) => {
        if (cancelled) return
        const { thread, groups: loaded } = splitThread(list)
        setInfo({ id: conversation.id, title: conversation.title, favorite: conversation.favorite, channel: conversation.channel })
        setMessages(thread)
        setGroups(loaded)
        setLoad('ready')
        const last = thread.at(-1)
        if (!last) void loadSuggestions(null, null)
        else if (last.role === 'assistant' && (last.metadata?.status ?? 'complete') === 'complete') void loadSuggestions(initialId, last.id)
      })
      .catch((error: unknown) => {
        if (!cancelled) setLoad(error instanceof ApiRequestError && (error.status === 404 || error.status === 400) ? 'missing' : 'error')
      })
    return () => {
      cancelled = true
    }
  }, [initialId, fallback, setMessages, loadSuggestions])

  // A new chat: suggested first questions.
  useEffect(() => {
    if (initialId) return
    const timer = setTimeout(() => void loadSuggestions(null, null), 0)
    return () => clearTimeout(timer)
  }, [initialId, loadSuggestions])

  // Models, the one picked last time in this workspace, and the ones compared last time.
  useEffect(() => {
    let cancelled = false
    callApi<{ items: Model[] }>(`/api/workspaces/${workspaceId}/models`, { fallbackMessage: '' })
      .then(({ data }) => {
        if (cancelled) return
        const stored = readStorage('local', modelStorageKey(workspaceId))
        const chosen = data.items.find((m) => m.id === stored)?.id ?? data.items.find((m) => m.default)?.id ?? data.items[0]?.id ?? ''
        setModels(data.items)
        setModel(chosen)
        let compared: string[] = []
        try {
          const ids = JSON.parse(readStorage('local', compareStorageKey(workspaceId)) ?? '[]') as unknown
          if (Array.isArray(ids)) compared = data.items.map((m) => m.id).filter((id) => ids.includes(id)).slice(0, MAX_COMPARED)
        } catch {
          // nothing stored
        }
        if (compared.length < MIN_COMPARED) compared = [chosen, ...data.items.map((m) => m.id).filter((id) => id !== chosen)].slice(0, MIN_COMPARED)
        setCompareModels(compared)
        setCompareOn(data.items.length >= MIN_COMPARED && readStorage('session', compareStorageKey(workspaceId)) === 'on')
      })
      .catch(() => {
        if (!cancelled) setModels([])
      })
    return () => {
      cancelled = true
    }
  }, [workspaceId])

  const modelLabel = useCallback((id: string) => models?.find((m) => m.id === id)?.label ?? id, [models])

  function chooseModel(id: string) {
    setModel(id)
    writeStorage('local', modelStorageKey(workspaceId), id)
  }

  function toggleCompare(on: boolean) {
    setCompareOn(on)
    // On until turned off, in this tab: it follows from one conversation to the next.
    writeStorage('session', compareStorageKey(workspaceId), on ? 'on' : 'off')
    announce(on ? t('chat.compare.on') : t('chat.compare.off'))
  }

  function chooseCompared(ids: string[]) {
    setCompareModels(ids)
    writeStorage('local', compareStorageKey(workspaceId), JSON.stringify(ids))
  }

  // Title of the browser tab.
  useEffect(() => {
    if (info?.title) document.title = `${info.title} · Monitora`
  }, [info?.title])

  // Follow the answer as it is written, unless the reader scrolled up.
  useEffect(() => {
    const thread = threadRef.current
    if (thread && stickRef.current) thread.scrollTop = thread.scrollHeight
  }, [messages, groups, status, load, suggestions])

  const stopAll = useCallback(() => {
    void stop()
    compareAbort.current?.abort()
  }, [stop])

  // Escape stops an answer from anywhere on the page (menus and panels handle their own Escape first).
  useEffect(() => {
    if (!busy) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        stopAll()
        inputRef.current?.focus()
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [busy, stopAll])

  const requestBody = () => ({ conversationId: conversationRef.current, model: model || undefined })

  const comparable = !!models && models.length >= MIN_COMPARED
  const compareMode = comparable && compareOn

  function send(text: string, editOf?: string) {
    const question = text.trim()
    if (!question || busy || keeping) return
    if (compareMode && !editOf) {
      if (compareModels.length < MIN_COMPARED) return
      void sendCompare(question, compareModels)
      return
    }
    setNotice(null)
    setSuggestions(null)
    errorRef.current = null
    sendRef.current = { kind: editOf ? 'edit' : 'send', text: question }
    stickRef.current = true
    announce(t('chat.status.sent'))
    void sendMessage({ text: question }, { body: { ...requestBody(), ...(editOf ? { editOf } : {}) } })
    inputRef.current?.focus()
  }

  /**
   * One question to several models: the question joins the thread, the answers stream side
   * by side under it (data-candidate parts, re-sent under one id per answer as they grow).
   */
  async function sendCompare(question: string, chosen: string[]) {
    setNotice(null)
    setSuggestions(null)
    stickRef.current = true
    announce(t('chat.compare.sent', { count: chosen.length }))
    inputRef.current?.focus()

    // The question's id until the server gives its own.
    let key = uuid()
    const startedAt = performance.now()
    const firstMs: Record<string, number> = {}
    // The latest status of each answer, as streamed.
    const statuses = new Map<string, MessageStatus>()
    let citations: Citation[] = []
    let started = false
    const patchGroup = (k: string, change: (group: CandidateGroup) => CandidateGroup) => setGroups((all) => (all[k] ? { ...all, [k]: change(all[k]) } : all))

    setMessages((list) => [...list, { id: key, role: 'user', parts: [{ type: 'text', text: question }], metadata: { createdAt: new Date().toISOString() } }])
    setGroups((all) => ({ ...all, [key]: { questionId: key, candidates: [], citations: [], live: { startedAt, firstMs } } }))
    const controller = new AbortController()
    compareAbort.current = controller
    setComparing(true)

    let failure: Notice | null = null
    try {
      const response = await fetch(`/api/workspaces/${workspaceId}/compare`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        signal: controller.signal,
        body: JSON.stringify({
          ...(conversationRef.current ? { conversationId: conversationRef.current } : {}),
          message: { role: 'user', parts: [{ type: 'text', text: question }] },
          models: chosen,
        }),
      })
      if (!response.ok || !response.body) throw await responseError(response)
      await readChunks(response.body, (chunk) => {
        if (chunk.type === 'data-conversation') {
          started = true
          openConversation(chunk.data)
          const from = key
          const to = chunk.data.questionId
          key = to
          if (from !== to) {
            setMessages((list) => list.map((m) => (m.id === from ? { ...m, id: to } : m)))
            setGroups((all) => (all[from] ? { ...without(all, from), [to]: { ...all[from], questionId: to } } : all))
          }
        } else if (chunk.type === 'data-citation') {
          citations = [...citations.filter((c) => c.n !== chunk.data.n), chunk.data]
          const next = citations
          patchGroup(key, (group) => ({ ...group, citations: next }))
        } else if (chunk.type === 'data-candidate') {
          const data = chunk.data
          statuses.set(data.answerId, data.status)
          if (data.text && firstMs[data.answerId] === undefined) firstMs[data.answerId] = Math.round(performance.now() - startedAt)
          const message = candidateMessage(data, citations)
          const live = { startedAt, firstMs: { ...firstMs } }
          patchGroup(key, (group) => {
            const index = group.candidates.findIndex((c) => c.id === message.id)
            const candidates = index === -1 ? [...group.candidates, message] : group.candidates.map((c, i) => (i === index ? message : c))
            return { ...group, candidates, live }
          })
        }
      })
    } catch (error) {
      if (controller.signal.aborted) announce(t('chat.status.stopped'))
      else failure = error instanceof Error ? { code: 'network', message: null } : (error as Notice)
    }

    const questionId = key
    compareAbort.current = null
    setComparing(false)
    // Answers cut short here (stopped, connection lost) are saved by the server as interrupted.
    const cut = [...statuses.values()].some((value) => value === 'streaming')
    setGroups((all) => {
      const group = all[questionId]
      if (!group) return all
      const candidates = group.candidates.map((c) => (c.metadata?.status === 'streaming' ? { ...c, metadata: { ...c.metadata, status: 'interrupted' as const } } : c))
      return { ...all, [questionId]: { ...group, candidates, live: null, saving: cut && started } }
    })
    if (failure) {
      setNotice(failure)
      if (!started) {
        // Nothing came back: the question goes back to the box.
        setMessages((list) => list.filter((m) => m.id !== questionId))
        setGroups((all) => without(all, questionId))
        setDraft((current) => current || question)
        if (conversationRef.current) void reload(conversationRef.current)
      }
    } else if (!controller.signal.aborted) announce(t('chat.compare.done'))
    refreshList()

    // What was cut short: the saved answers, with their timings, once the server has saved them.
    const conversation = conversationRef.current
    if (conversation && started && cut && statuses.size) {
      const saved = await savedAnswers(conversation, [...statuses.keys()])
      if (!alive.current) return
      setGroups((all) => {
        const group = all[questionId]
        if (!group || group.live) return all
        return { ...all, [questionId]: { ...group, candidates: saved ? saved.map(toChatMessage) : group.candidates, saving: false } }
      })
    }
  }

  /** One of the compared answers becomes the conversation's answer; the others are deleted. */
  async function keep(candidate: ChatMessage) {
    const conversation = conversationRef.current
    if (!conversation || busy || keeping) return
    setKeeping(candidate.id)
    setNotice(null)
    try {
      await callApi(`/api/messages/${candidate.id}/keep`, { method: 'POST', fallbackMessage: fallback })
    } catch (error) {
      setKeeping(null)
      setNotice({ code: error instanceof ApiRequestError && error.code ? error.code : 'unknown', message: errorMessage(error, fallback) })
      return
    }
    await reload(conversation)
    setKeeping(null)
    const label = candidate.metadata?.model ? modelLabel(candidate.metadata.model) : ''
    announce(t('chat.compare.kept', { model: label }))
    refreshList()
    void loadSuggestions(conversation, candidate.id)
    inputRef.current?.focus()
  }

  function sendDraft() {
    const text = draft
    if (!text.trim() || busy || keeping) return
    if (compareMode && compareModels.length < MIN_COMPARED) return
    setDraft('')
    send(text)
  }

  function stopAnswer() {
    stopAll()
    inputRef.current?.focus()
  }

  // Messages get one set of handlers that never changes identity (so that they do not
  // re-render while another message streams); it calls the latest render's functions.
  const handlers = useRef<(MessageActions & { onKeep: (candidate: ChatMessage) => void }) | null>(null)
  useEffect(() => {
    handlers.current = {
      onCite: (message, n, target) => {
        sourcesOpener.current = target
        setSources({ messageId: message.id, active: n })
      },
      onSources: (message, target) => {
        sourcesOpener.current = target
        setSources({ messageId: message.id, active: null })
      },
      onRetry: (message) => {
        if (busy || message.role !== 'assistant') return
        setNotice(null)
        setSuggestions(null)
        errorRef.current = null
        sendRef.current = { kind: 'retry' }
        stickRef.current = true
        announce(t('chat.status.retrying'))
        void regenerate({ messageId: message.id, body: requestBody() })
        inputRef.current?.focus()
      },
      onEdit: (message, text) => {
        const index = messages.findIndex((m) => m.id === message.id)
        if (index === -1 || busy) return
        setMessages(messages.slice(0, index))
        // The compared answers go with the question they answered.
        setGroups((all) => without(all, message.id))
        send(text, message.id)
      },
      onDelete: async (message) => {
        try {
          await callApi(`/api/messages/${message.id}`, { method: 'DELETE', fallbackMessage: fallback })
        } catch (error) {
          setNotice({ code: 'unknown', message: errorMessage(error, fallback) })
          return false
        }
        setMessages((list) => {
          const index = list.findIndex((m) => m.id === message.id)
          if (index === -1) return list
          const drop = message.role === 'user' && list[index + 1]?.role === 'assistant' ? 2 : 1
          return [...list.slice(0, index), ...list.slice(index + drop)]
        })
        setGroups((all) => without(all, message.id))
        setSources((current) => (current?.messageId === message.id ? null : current))
        setSuggestions(null)
        announce(message.role === 'user' ? t('chat.status.questionDeleted') : t('chat.status.answerDeleted'))
        refreshList()
        return true
      },
      onFeedback: (id, feedback) => patchMeta(id, { feedback }),
      onRefresh: () => {
        if (conversationRef.current && !busy) void reload(conversationRef.current)
      },
      onKeep: (candidate) => void keep(candidate),
    }
  })
  const canvasActions = useMemo(
    () => ({ show: (id: string) => canvasRef.current.show(id), create: (body: unknown) => canvasRef.current.create(body) }),
    [],
  )
  const actions = useMemo<MessageActions>(
    () => ({
      onCite: (...args) => handlers.current?.onCite(...args),
      onSources: (...args) => handlers.current?.onSources(...args),
      onRetry: (...args) => handlers.current?.onRetry(...args),
      onEdit: (...args) => handlers.current?.onEdit(...args),
      onDelete: async (...args) => (await handlers.current?.onDelete(...args)) ?? false,
      onFeedback: (...args) => handlers.current?.onFeedback(...args),
      onRefresh: () => handlers.current?.onRefresh(),
      renderArtifacts: (message, streaming) => <MessageArtifacts message={message} streaming={streaming} canvas={canvasActions} />,
    }),
    [canvasActions],
  )
  const onKeep = useCallback((candidate: ChatMessage) => handlers.current?.onKeep(candidate), [])

  function closeSources() {
    setSources(null)
    const opener = sourcesOpener.current
    requestAnimationFrame(() => (opener?.isConnected ? opener.focus() : inputRef.current?.focus()))
  }

  async function toggleFavorite() {
    if (!info) return
    setFavoritePending(true)
    try {
      const { data } = await callApi<Conversation>(`/api/conversations/${info.id}`, { method: 'PATCH', body: { favorite: !info.favorite }, fallbackMessage: fallback })
      setInfo({ id: data.id, title: data.title, favorite: data.favorite, channel: data.channel })
      announce(t(data.favorite ? 'chat.list.favorited' : 'chat.list.unfavorited', { title: data.title }))
      refreshList()
    } catch (error) {
      setNotice({ code: 'unknown', message: errorMessage(error, fallback) })
    } finally {
      setFavoritePending(false)
    }
  }

  // What the conversation list tells the thread.
  useEffect(
    () =>
      register({
        onChanged: (conversation) => {
          setInfo((current) => (current?.id === conversation.id ? { id: conversation.id, title: conversation.title, favorite: conversation.favorite, channel: conversation.channel } : current))
        },
        onDeleted: (conversation) => {
          if (conversation.id !== conversationRef.current) return
          // The open conversation is gone: start afresh.
          stopAll()
          newChat()
          router.push(`${base}/chat`)
        },
        announce,
      }),
    [register, announce, stopAll, newChat, router, base],
  )

  const lastUserIndex = messages.findLastIndex((m) => m.role === 'user')
  const lastAssistantIndex = messages.findLastIndex((m) => m.role === 'assistant')
  const last = messages.at(-1)
  const waitingFirstChunk = status === 'submitted' && last?.role === 'user'
  const sourceMessage = sources ? (messages.find((m) => m.id === sources.messageId) ?? findCandidate(groups, sources.messageId)) : undefined
  const sourceCitations = useMemo(() => (sourceMessage ? messageCitations(sourceMessage) : []), [sourceMessage])
  const sourceCited = useMemo(() => (sourceMessage ? citedNumbers(messageText(sourceMessage), sourceCitations) : new Set<number>()), [sourceMessage, sourceCitations])
  const empty = load === 'ready' && messages.length === 0 && !busy
  const showFollowUps = !busy && suggestions?.kind === 'follow-up' && suggestions.after !== null && last?.id === suggestions.after && suggestions.questions.length > 0
  const trailingQuestion = !busy && load === 'ready' && last?.role === 'user' && !groups[last.id]?.candidates.length

  const title = info?.title || (conversationId ? t('chat.untitled') : t('chat.newChat'))
  const drafts = status === 'streaming' && last?.role === 'assistant' ? artifactDrafts(last) : []
  const showCanvas = !sourceMessage && (canvas.open || drafts.length > 0)

  return (
    <div className={[styles.page, sourceMessage && styles.pageWithSources, showCanvas && canvasStyles.pageWithCanvas].filter(Boolean).join(' ')}>
      <section className={styles.main} aria-labelledby="chat-title">
        <header className={styles.header}>
          <h1 id="chat-title" className={styles.title} data-testid="chat-title">
            {title}
          </h1>
          {info && (
            <button
              type="button"
              className={[styles.iconButton, styles.favButton, info.favorite && styles.iconButtonOn].filter(Boolean).join(' ')}
              aria-pressed={info.favorite}
              aria-label={t('chat.favoriteToggle')}
              title={info.favorite ? t('chat.list.unfavorite') : t('chat.list.favoriteAction')}
              disabled={favoritePending}
              onClick={toggleFavorite}
              data-testid="favorite-toggle"
            >
              <Icon name="star" size={16} />
            </button>
          )}
          {canvas.artifacts.length > 0 && !showCanvas && (
            <button type="button" className={styles.iconButton} onClick={() => canvas.setOpen(true)} aria-label={t('canvas.title')} title={t('canvas.title')} data-testid="canvas-open">
              <Icon name="columns" size={16} />
            </button>
          )}
          {conversationId && <ConversationExportMenu conversationId={conversationId} />}
        </header>

        <div
          className={styles.thread}
          ref={threadRef}
          onScroll={(e) => {
            const el = e.currentTarget
            stickRef.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80
          }}
          data-testid="thread"
        >
          <div className={styles.threadInner}>
            {load === 'loading' && (
              <p className="subtle row" role="status">
                <span className="spinner" aria-hidden="true" />
                {t('chat.loading')}
              </p>
            )}
            {load === 'missing' && (
              <EmptyState icon="chat" title={t('chat.missing.title')} actions={<ButtonLink href={`${base}/chat`} variant="primary">{t('chat.newChat')}</ButtonLink>}>
                <p>{t('chat.missing.body')}</p>
              </EmptyState>
            )}
            {load === 'error' && <Alert tone="danger">{t('chat.loadFailed')}</Alert>}

            {empty &&
              (documents.ready === 0 ? (
                <EmptyState
                  icon="documents"
                  title={documents.total === 0 ? t('chat.noDocuments.title') : t('chat.notReady.title')}
                  actions={
                    <ButtonLink href={`${base}/documents`} variant="primary">
                      {documents.total === 0 ? t('chat.noDocuments.action') : t('chat.notReady.action')}
                    </ButtonLink>
                  }
                >
                  <p>{documents.total === 0 ? t('chat.noDocuments.body') : t('chat.notReady.body')}</p>
                </EmptyState>
              ) : (
                <div className={styles.welcome} data-testid="chat-welcome">
                  <div className="empty-state-icon" aria-hidden="true">
                    <Icon name="chat" size={26} />
                  </div>
                  <h2>{t('chat.welcome.title')}</h2>
                  <p className="muted">{t('chat.welcome.body')}</p>
                  {suggestions?.kind === 'starter' && suggestions.questions.length > 0 && (
                    <SuggestionChips label={t('chat.suggestions.starters')} questions={suggestions.questions} onPick={send} testId="starter-suggestions" />
                  )}
                </div>
              ))}

            {messages.map((message, index) => {
              const group = message.role === 'user' ? groups[message.id] : undefined
              return (
                <Fragment key={message.id}>
                  <MessageItem
                    message={message}
                    streaming={chatBusy && index === messages.length - 1 && message.role === 'assistant'}
                    busy={busy}
                    isLastUser={index === lastUserIndex}
                    isLastAssistant={index === lastAssistantIndex && index === messages.length - 1}
                    modelLabel={modelLabel}
                    actions={actions}
                  />
                  {group && <CandidateGroupView group={group} busy={busy} keeping={keeping} modelLabel={modelLabel} actions={actions} onKeep={onKeep} />}
                </Fragment>
              )
            })}

            {waitingFirstChunk && (
              <div className={`${styles.message} ${styles.assistant}`} data-testid="answer-pending">
                <div className={styles.avatar} aria-hidden="true">
                  <Icon name="logo" size={16} />
                </div>
                <Thinking label={t('chat.status.searching')} />
              </div>
            )}

            {trailingQuestion && last && (
              <div className={styles.statusRow}>
                <span className="subtle">{t('chat.message.noAnswer')}</span>
                <Button
                  size="sm"
                  onClick={() => {
                    const text = messageText(last)
                    setMessages(messages.slice(0, -1))
                    setGroups((all) => without(all, last.id))
                    send(text, last.id)
                  }}
                  data-testid="resend"
                >
                  <Icon name="retry" size={13} />
                  {t('chat.message.resend')}
                </Button>
              </div>
            )}

            {showFollowUps && suggestions && <SuggestionChips label={t('chat.suggestions.followUps')} questions={suggestions.questions} onPick={send} testId="follow-up-suggestions" />}

            {notice && (
              <div className={styles.notice}>
                <Alert tone="danger" title={t('chat.error.title')}>
                  {errorText(t, notice.code, notice.message)}
                </Alert>
              </div>
            )}
          </div>
        </div>

        <p className="visually-hidden" role="status" aria-live="polite" data-testid="chat-status">
          {announcement}
        </p>

        <div className={styles.composerWrap}>
          {info && info.channel !== 'dashboard' ? (
            // Only a conversation's author continues it: a visitor's or a program's is read here.
            <p className={styles.readOnly} data-testid="chat-read-only">
              {t(info.channel === 'widget' ? 'chat.readOnly.widget' : 'chat.readOnly.api')}
            </p>
          ) : (
          <Composer
            inputRef={inputRef}
            value={draft}
            onChange={setDraft}
            onSend={sendDraft}
            onStop={stopAnswer}
            busy={busy}
            models={models}
            model={model}
            onModel={chooseModel}
            compare={{ on: compareOn, models: compareModels }}
            onCompare={toggleCompare}
            onCompareModels={chooseCompared}
          />
          )}
        </div>
      </section>

      {sourceMessage && (
        <SourcesPanel
          key={sourceMessage.id}
          workspaceId={workspaceId}
          citations={sourceCitations}
          cited={sourceCited}
          active={sources?.active ?? null}
          onClose={closeSources}
        />
      )}
      {showCanvas && <CanvasPanel canvas={canvas} drafts={drafts} onClose={() => (canvas.setOpen(false), inputRef.current?.focus())} />}
    </div>
  )
}

/** The createArtifact calls of an answer being written whose artifact is not saved yet. */
function artifactDrafts(message: ChatMessage): ArtifactDraft[] {
  const parts = message.parts as unknown as { type: string; toolCallId?: string; state?: string; input?: { kind?: ArtifactDraft['kind']; title?: string; content?: unknown } }[]
  return parts
    .filter((part) => part.type === 'tool-createArtifact' && (part.state === 'input-streaming' || part.state === 'input-available'))
    .map((part) => ({ toolCallId: part.toolCallId ?? '', kind: part.input?.kind, title: part.input?.title, content: part.input?.content }))
}

const findCandidate = (groups: Record<string, CandidateGroup>, id: string) => {
  for (const group of Object.values(groups)) {
    const found = group.candidates.find((c) => c.id === id)
    if (found) return found
  }
  return undefined
}

function SuggestionChips({ label, questions, onPick, testId }: { label: string; questions: string[]; onPick: (question: string) => void; testId: string }) {
  return (
    <div className={styles.suggestions} data-testid={testId}>
      <p className={styles.suggestionsLabel}>{label}</p>
      <ul className={styles.suggestionList}>
        {questions.map((question) => (
          <li key={question}>
            <button type="button" className={styles.suggestion} onClick={() => onPick(question)}>
              {question}
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}
