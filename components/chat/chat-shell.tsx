'use client'

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react'
import { ConversationList } from './conversation-list'
import type { Conversation } from './types'
import styles from './chat.module.css'

/** What the open thread tells the conversation list, and hears from it. */
export interface ChatShellView {
  /** A conversation of the list was renamed, (un)favourited, tagged or moved. */
  onChanged: (conversation: Conversation) => void
  /** A conversation of the list was deleted. */
  onDeleted: (conversation: Conversation) => void
  /** Says something to screen readers (the thread owns the live region). */
  announce: (message: string) => void
}

export interface ChatShellApi {
  /** The conversation open in the thread, highlighted in the list. */
  setActive: (id: string | null) => void
  /** The list reloads: a conversation was created, answered, renamed… */
  refresh: () => void
  /** "New chat" was chosen: a new-chat page that is already open starts afresh. */
  newChat: () => void
  /** How many times "New chat" was chosen: the new-chat page's key. */
  newChats: number
  /** The open thread's handlers; returns the function that removes them. */
  register: (view: ChatShellView) => () => void
}

const ShellContext = createContext<ChatShellApi | null>(null)

/** Outside the chat layout (tests, storybook-like pages) the thread works alone. */
const standalone: ChatShellApi = { setActive: () => {}, refresh: () => {}, newChat: () => {}, newChats: 0, register: () => () => {} }

export const useChatShell = (): ChatShellApi => useContext(ShellContext) ?? standalone

/**
 * The chat's frame, rendered once by the chat layout: the conversation list on the left
 * (mounted once, so its search, filters, scroll and loaded pages survive switching
 * conversations) and the page's thread beside it.
 */
export function ChatShell({ workspaceId, seesChannels, children }: { workspaceId: string; seesChannels: boolean; children: ReactNode }) {
  const [activeId, setActiveId] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const [newChats, setNewChats] = useState(0)
  const view = useRef<ChatShellView | null>(null)

  const refresh = useCallback(() => setVersion((n) => n + 1), [])
  const newChat = useCallback(() => setNewChats((n) => n + 1), [])
  const register = useCallback((next: ChatShellView) => {
    view.current = next
    return () => {
      if (view.current === next) view.current = null
    }
  }, [])

  const api = useMemo<ChatShellApi>(() => ({ setActive: setActiveId, refresh, newChat, newChats, register }), [refresh, newChat, newChats, register])

  const onChanged = useCallback((conversation: Conversation) => view.current?.onChanged(conversation), [])
  const onDeleted = useCallback((conversation: Conversation) => view.current?.onDeleted(conversation), [])
  const announce = useCallback((message: string) => view.current?.announce(message), [])

  return (
    <ShellContext.Provider value={api}>
      <div className={styles.layout} data-testid="chat">
        <ConversationList workspaceId={workspaceId} activeId={activeId} version={version} onNewChat={newChat} onChanged={onChanged} onDeleted={onDeleted} announce={announce} seesChannels={seesChannels} />
        {children}
      </div>
    </ShellContext.Provider>
  )
}
