'use client'

import { useChat } from '@ai-sdk/react'
import { DefaultChatTransport } from 'ai'
import { useRouter } from 'next/navigation'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useT } from '@/lib/i18n/client'
import { ApiRequestError, callApi, errorMessage } from '../api'
import { Alert } from '../ui/alert'
import { Button, ButtonLink } from '../ui/button'
import { EmptyState } from '../ui/empty-state'
import { Icon } from '../ui/icons'
import { Composer } from './composer'
import { ConversationList } from './conversation-list'
import { errorText, parseChatError, uuid } from './format'
import { citedNumbers, MessageItem, type MessageActions } from './message-item'
import { SourcesPanel } from './sources-panel'
import { messageCitations, messageText, toChatMessage, type ApiMessage, type ChatMessage, type Conversation, type MessageMeta, type Model, type Page, type Suggestions } from './types'
import styles from './chat.module.css'

export interface ChatPageProps {
  workspaceId: string
  /** The conversation of the URL, or null for a new chat. */
  conversationId: string | null
  /** Documents of the workspace ready to answer from, and all of them. */
  documents: { ready: number; total: number }
}

/**
 * The chat page: the conversations on the left, the thread and the question box, the
 * sources of an answer on the right. "New chat" on a page that started as a new chat
 * starts afresh without a reload.
 */
export function ChatPage(props: ChatPageProps) {
  const [session, setSession] = useState(0)
  // A new chat replaces its URL with its conversation's (history.replaceState, so that the
  // answer keeps streaming). Back/forward to that URL brings this page back: open the conversation.
  const [restored] = useState(() => (props.conversationId === null && typeof window !== 'undefined' ? conversationInPath(window.location.pathname) : null))
  const newChat = useCallback(() => setSession((n) => n + 1), [])
  return (
    <ChatView
      key={session}
      {...props}
      conversationId={props.conversationId ?? (session === 0 ? restored : null)}
      onNewChat={props.conversationId === null ? newChat : undefined}
    />
  )
}

const conversationInPath = (path: string) => path.match(/\/chat\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i)?.[1]?.toLowerCase() ?? null

const modelStorageKey = (workspaceId: string) => `monitora.chat.model.${workspaceId}`

type SendKind = { kind: 'send' | 'edit'; text: string } | { kind: 'retry' }
type Load = 'loading' | 'ready' | 'missing' | 'error'

async function fetchMessages(conversationId: string, fallbackMessage: string): Promise<ApiMessage[]> {
  const all: ApiMessage[] = []
  let cursor: string | null = null
  // Oldest first, 100 at a time; a conversation of more than 2,000 messages shows its first 2,000.
  for (let page = 0; page < 20; page++) {
    const query: string = cursor ? `?limit=100&cursor=${encodeURIComponent(cursor)}` : '?limit=100'
    const { data }: { data: Page<ApiMessage> } = await callApi<Page<ApiMessage>>(`/api/conversations/${conversationId}/messages${query}`, { fallbackMessage })
    all.push(...data.items.filter((m) => !m.candidate))
    cursor = data.nextCursor
    if (!cursor) break
  }
  return all
}

function ChatView({ workspaceId, conversationId: initialId, documents, onNewChat }: ChatPageProps & { onNewChat?: () => void }) {
  const t = useT()
  const router = useRouter()
  const base = `/workspaces/${workspaceId}`
  const [conversationId, setConversationId] = useState<string | null>(initialId)
  const conversationRef = useRef<string | null>(initialId)
  const [info, setInfo] = useState<Pick<Conversation, 'id' | 'title' | 'favorite'> | null>(null)
  const [load, setLoad] = useState<Load>(initialId ? 'loading' : 'ready')
  const [draft, setDraft] = useState('')
  const [models, setModels] = useState<Model[] | null>(null)
  const [model, setModel] = useState('')
  const [suggestions, setSuggestions] = useState<(Suggestions & { after: string | null }) | null>(null)
  const [sources, setSources] = useState<{ messageId: string; active: number | null } | null>(null)
  const [version, setVersion] = useState(0)
  const [announcement, setAnnouncement] = useState('')
  const [notice, setNotice] = useState<{ code: string; message: string | null } | null>(null)
  const [favoritePending, setFavoritePending] = useState(false)
  const inputRef = useRef<HTMLTextAreaElement>(null)
  const threadRef = useRef<HTMLDivElement>(null)
  const stickRef = useRef(true)
  const sendRef = useRef<SendKind | null>(null)
  const errorRef = useRef<{ code: string; message: string | null } | null>(null)
  const sourcesOpener = useRef<HTMLElement | null>(null)
  const fallback = t('common.unexpectedError')

  const announce = useCallback((message: string) => setAnnouncement((current) => (current === message ? `${message}\u00a0` : message)), [])

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

  const { messages, setMessages, sendMessage, regenerate, stop, status } = useChat<ChatMessage>({
    generateId: uuid,
    transport,
    onData: (part) => {
      if (part.type === 'data-conversation') {
        const { id, title, questionId } = part.data
        conversationRef.current = id
        setConversationId(id)
        // A retry or a follow-up question carries no new title: keep the one shown.
        setInfo((current) => (current?.id === id ? { ...current, title: title || current.title } : { id, title: title || '', favorite: false }))
        announce(t('chat.status.writing'))
        // The server keeps the id the question was sent with; should it not, follow its id.
        setMessages((list) => {
          const index = list.findLastIndex((m) => m.role === 'user')
          return index === -1 || list[index].id === questionId ? list : list.map((m, i) => (i === index ? { ...m, id: questionId } : m))
        })
        const url = `${base}/chat/${id}`
        if (window.location.pathname !== url) window.history.replaceState(null, '', url)
        setVersion((n) => n + 1)
      } else if (part.type === 'data-title') {
        const { title } = part.data
        if (title) setInfo((current) => (current ? { ...current, title } : current))
        setVersion((n) => n + 1)
      }
    },
    onError: (error) => {
      errorRef.current = parseChatError(error)
    },
    onFinish: ({ message, messages: list, isAbort, isError }) => {
      const sent = sendRef.current
      const streamed = list.some((m) => m.id === message.id && m.role === 'assistant')
      if (isAbort) {
        if (streamed) patchMeta(message.id, { status: 'interrupted' })
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
      setVersion((n) => n + 1)
    },
  })

  const busy = status === 'submitted' || status === 'streaming'

  function patchMeta(id: string, meta: Partial<MessageMeta>) {
    setMessages((list) => list.map((m) => (m.id === id ? { ...m, metadata: { ...m.metadata, ...meta } } : m)))
  }

  const loadSuggestions = useCallback(
    async (forConversation: string | null, after: string | null) => {
      try {
        const query = forConversation ? `?conversationId=${encodeURIComponent(forConversation)}` : ''
        const { data } = await callApi<Suggestions>(`/api/workspaces/${workspaceId}/suggestions${query}`, { fallbackMessage: '' })
        setSuggestions({ ...data, after })
      } catch {
        setSuggestions(null)
      }
    },
    [workspaceId],
  )

  async function reload(id: string) {
    try {
      setMessages((await fetchMessages(id, fallback)).map(toChatMessage))
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
        const chat = list.map(toChatMessage)
        setInfo({ id: conversation.id, title: conversation.title, favorite: conversation.favorite })
        setMessages(chat)
        setLoad('ready')
        const last = chat.at(-1)
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

  // Models, and the one picked last time in this workspace.
  useEffect(() => {
    let cancelled = false
    callApi<{ items: Model[] }>(`/api/workspaces/${workspaceId}/models`, { fallbackMessage: '' })
      .then(({ data }) => {
        if (cancelled) return
        let stored: string | null = null
        try {
          stored = window.localStorage.getItem(modelStorageKey(workspaceId))
        } catch {
          // storage unavailable
        }
        setModels(data.items)
        setModel(data.items.find((m) => m.id === stored)?.id ?? data.items.find((m) => m.default)?.id ?? data.items[0]?.id ?? '')
      })
      .catch(() => {
        if (!cancelled) setModels([])
      })
    return () => {
      cancelled = true
    }
  }, [workspaceId])

  function chooseModel(id: string) {
    setModel(id)
    try {
      window.localStorage.setItem(modelStorageKey(workspaceId), id)
    } catch {
      // storage unavailable
    }
  }

  // Title of the browser tab.
  useEffect(() => {
    if (info?.title) document.title = `${info.title} · Monitora`
  }, [info?.title])

  // Follow the answer as it is written, unless the reader scrolled up.
  useEffect(() => {
    const thread = threadRef.current
    if (thread && stickRef.current) thread.scrollTop = thread.scrollHeight
  }, [messages, status, load, suggestions])

  // Escape stops an answer from anywhere on the page (menus and panels handle their own Escape first).
  useEffect(() => {
    if (!busy) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        void stop()
        inputRef.current?.focus()
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [busy, stop])

  const requestBody = () => ({ conversationId: conversationRef.current, model: model || undefined })

  function send(text: string, editOf?: string) {
    const question = text.trim()
    if (!question || busy) return
    setNotice(null)
    setSuggestions(null)
    errorRef.current = null
    sendRef.current = { kind: editOf ? 'edit' : 'send', text: question }
    stickRef.current = true
    announce(t('chat.status.sent'))
    void sendMessage({ text: question }, { body: { ...requestBody(), ...(editOf ? { editOf } : {}) } })
    inputRef.current?.focus()
  }

  function sendDraft() {
    const text = draft
    if (!text.trim() || busy) return
    setDraft('')
    send(text)
  }

  function stopAnswer() {
    void stop()
    inputRef.current?.focus()
  }

  // Messages get one set of handlers that never changes identity (so that they do not
  // re-render while another message streams); it calls the latest render's functions.
  const handlers = useRef<MessageActions | null>(null)
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
        setSources((current) => (current?.messageId === message.id ? null : current))
        setSuggestions(null)
        announce(message.role === 'user' ? t('chat.status.questionDeleted') : t('chat.status.answerDeleted'))
        setVersion((n) => n + 1)
        return true
      },
      onFeedback: (id, feedback) => patchMeta(id, { feedback }),
      onRefresh: () => {
        if (conversationRef.current && !busy) void reload(conversationRef.current)
      },
    }
  })
  const actions = useMemo<MessageActions>(
    () => ({
      onCite: (...args) => handlers.current?.onCite(...args),
      onSources: (...args) => handlers.current?.onSources(...args),
      onRetry: (...args) => handlers.current?.onRetry(...args),
      onEdit: (...args) => handlers.current?.onEdit(...args),
      onDelete: async (...args) => (await handlers.current?.onDelete(...args)) ?? false,
      onFeedback: (...args) => handlers.current?.onFeedback(...args),
      onRefresh: () => handlers.current?.onRefresh(),
    }),
    [],
  )

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
      setInfo({ id: data.id, title: data.title, favorite: data.favorite })
      announce(t(data.favorite ? 'chat.list.favorited' : 'chat.list.unfavorited', { title: data.title }))
      setVersion((n) => n + 1)
    } catch (error) {
      setNotice({ code: 'unknown', message: errorMessage(error, fallback) })
    } finally {
      setFavoritePending(false)
    }
  }

  const onListChanged = useCallback((conversation: Conversation) => {
    setInfo((current) => (current?.id === conversation.id ? { id: conversation.id, title: conversation.title, favorite: conversation.favorite } : current))
  }, [])

  const onListDeleted = useCallback(
    (conversation: Conversation) => {
      if (conversation.id !== conversationRef.current) return
      // The open conversation is gone: start afresh.
      void stop()
      onNewChat?.()
      router.push(`${base}/chat`)
    },
    [base, stop, onNewChat, router],
  )

  const modelLabel = useCallback((id: string) => models?.find((m) => m.id === id)?.label ?? id, [models])

  const lastUserIndex = messages.findLastIndex((m) => m.role === 'user')
  const lastAssistantIndex = messages.findLastIndex((m) => m.role === 'assistant')
  const last = messages.at(-1)
  const waitingFirstChunk = status === 'submitted' && last?.role === 'user'
  const sourceMessage = sources ? messages.find((m) => m.id === sources.messageId) : undefined
  const sourceCitations = useMemo(() => (sourceMessage ? messageCitations(sourceMessage) : []), [sourceMessage])
  const sourceCited = useMemo(() => (sourceMessage ? citedNumbers(messageText(sourceMessage), sourceCitations) : new Set<number>()), [sourceMessage, sourceCitations])
  const empty = load === 'ready' && messages.length === 0 && !busy
  const showFollowUps = !busy && suggestions?.kind === 'follow-up' && suggestions.after !== null && last?.id === suggestions.after && suggestions.questions.length > 0
  const trailingQuestion = !busy && load === 'ready' && last?.role === 'user'

  const title = info?.title || (conversationId ? t('chat.untitled') : t('chat.newChat'))

  return (
    <div className={[styles.layout, sourceMessage && styles.layoutWithSources].filter(Boolean).join(' ')} data-testid="chat">
      <ConversationList
        workspaceId={workspaceId}
        activeId={conversationId}
        version={version}
        onNewChat={onNewChat ?? (() => {})}
        onChanged={onListChanged}
        onDeleted={onListDeleted}
        announce={announce}
      />

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

            {messages.map((message, index) => (
              <MessageItem
                key={message.id}
                message={message}
                streaming={status === 'streaming' && index === messages.length - 1 && message.role === 'assistant'}
                busy={busy}
                isLastUser={index === lastUserIndex}
                isLastAssistant={index === lastAssistantIndex && index === messages.length - 1}
                modelLabel={modelLabel}
                actions={actions}
              />
            ))}

            {waitingFirstChunk && (
              <div className={`${styles.message} ${styles.assistant}`} data-testid="answer-pending">
                <div className={styles.avatar} aria-hidden="true">
                  <Icon name="logo" size={16} />
                </div>
                <p className={`${styles.thinking} subtle`}>
                  <span className={styles.dots} aria-hidden="true">
                    <span />
                    <span />
                    <span />
                  </span>
                  {t('chat.status.searching')}
                </p>
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
          />
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
    </div>
  )
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
