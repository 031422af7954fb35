/**
 * The loader a host page includes: `<script src="https://HOST/embed.js" data-key="pk_..." async></script>`.
 * It defines one global, `Monitora`, and adds a launcher and the widget's iframe inside a
 * shadow root (the host's CSS cannot reach them), styled through the CSSOM only: a host whose
 * Content-Security-Policy allows this server in script-src and frame-src needs nothing else.
 * The launcher appears only once the widget page says it is ready, which it never does on a
 * site that is not allowed (the server refuses the page and the browser its framing).
 * The visitor's token is kept in the host page's own storage (browsers that block third-party
 * storage would make the iframe forget it) and handed to the iframe in its URL fragment,
 * which is never sent to any server.
 */

const CHAT_ICON = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z'
const CLOSE_ICON = 'M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z'
const SVG = 'http://www.w3.org/2000/svg'

type Listener = (detail?: unknown) => void
type Message = { monitora: string; [name: string]: unknown }

const host = window as unknown as { Monitora?: unknown }
const script = document.currentScript as HTMLScriptElement | null
const key = script?.dataset.key

if (!host.Monitora && script && key) {
  const origin = new URL(script.src).origin
  const listeners: Record<string, Listener[]> = {}
  const queued: Message[] = []
  const phone = matchMedia('(max-width: 480px)')
  let frame: HTMLIFrameElement
  let launcher: HTMLButtonElement
  let icon: SVGPathElement
  let ready = false
  let open = false
  let wantOpen = false
  let left = false
  let label = ''
  const storageKey = `monitora.visitor.${key}`
  const stored = () => {
    try {
      return localStorage.getItem(storageKey) || ''
    } catch {
      return ''
    }
  }

  const emit = (name: string, detail?: unknown) => (listeners[name] || []).forEach((listener) => listener(detail))
  const post = (message: Message) => (ready ? frame.contentWindow!.postMessage(message, origin) : queued.push(message))
  const css = (element: HTMLElement, style: Partial<CSSStyleDeclaration>) => Object.assign(element.style, style)

  const layout = () => {
    const small = phone.matches
    const side = left ? 'left' : 'right'
    css(frame, {
      position: 'fixed',
      zIndex: '2147483647',
      border: '0',
      background: 'transparent',
      colorScheme: 'normal',
      bottom: small ? '0' : '92px',
      [side]: small ? '0' : '20px',
      [left ? 'right' : 'left']: small ? '0' : 'auto',
      top: small ? '0' : 'auto',
      width: small ? '100%' : '380px',
      height: small ? '100%' : 'min(640px, calc(100% - 112px))',
      borderRadius: small ? '0' : '16px',
      boxShadow: small ? 'none' : '0 12px 40px rgba(0,0,0,.25)',
      visibility: open ? 'visible' : 'hidden',
      opacity: open ? '1' : '0',
      transition: 'opacity .15s',
    })
    css(launcher, { [side]: '20px', display: ready && !(open && small) ? 'flex' : 'none' })
    launcher.setAttribute('aria-expanded', String(open))
    launcher.setAttribute('aria-label', label)
    icon.setAttribute('d', open ? CLOSE_ICON : CHAT_ICON)
  }

  const setOpen = (value: boolean) => {
    if (!ready) return void (wantOpen = value)
    if (value === open) return
    open = value
    layout()
    if (open) {
      post({ monitora: 'open' })
      frame.focus()
    } else launcher.focus()
    emit(open ? 'open' : 'close')
  }

  const api = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(!(ready ? open : wantOpen)),
    reset: () => post({ monitora: 'reset' }),
    identify: (visitor: string, signature: string) => post({ monitora: 'identify', visitor, signature }),
    on(name: string, listener: Listener) {
      ;(listeners[name] = listeners[name] || []).push(listener)
      return api
    },
    off(name: string, listener: Listener) {
      listeners[name] = (listeners[name] || []).filter((l) => l !== listener)
      return api
    },
  }
  host.Monitora = api

  addEventListener('message', (event: MessageEvent) => {
    const data = event.data as Message | null
    if (event.origin !== origin || !frame || event.source !== frame.contentWindow || !data || typeof data.monitora !== 'string') return
    if (data.monitora === 'ready') {
      ready = true
      left = data.position === 'bottom-left'
      label = String(data.label || '')
      frame.title = String(data.title || 'Chat')
      launcher.style.background = String(data.color || '#4f46e5')
      queued.splice(0).forEach(post)
      layout()
      if (wantOpen) setOpen(true)
    } else if (data.monitora === 'close') setOpen(false)
    else if (data.monitora === 'message') emit('message', { role: data.role, text: data.text })
    else if (data.monitora === 'token') {
      try {
        if (data.token) localStorage.setItem(storageKey, String(data.token))
        else localStorage.removeItem(storageKey)
      } catch {
        // No storage on this page either: the visitor lasts as long as the page.
      }
    }
  })

  const mount = () => {
    const root = document.createElement('div')
    const shadow = root.attachShadow({ mode: 'open' })
    launcher = document.createElement('button')
    launcher.type = 'button'
    css(launcher, {
      position: 'fixed',
      bottom: '20px',
      zIndex: '2147483647',
      width: '56px',
      height: '56px',
      borderRadius: '50%',
      border: '0',
      padding: '0',
      cursor: 'pointer',
      alignItems: 'center',
      justifyContent: 'center',
      boxShadow: '0 4px 16px rgba(0,0,0,.25)',
    })
    launcher.onclick = () => setOpen(!open)
    // Built node by node: a host enforcing Trusted Types refuses innerHTML.
    const svg = document.createElementNS(SVG, 'svg')
    svg.setAttribute('viewBox', '0 0 24 24')
    svg.setAttribute('width', '28')
    svg.setAttribute('height', '28')
    svg.setAttribute('fill', '#fff')
    svg.setAttribute('aria-hidden', 'true')
    icon = document.createElementNS(SVG, 'path')
    svg.append(icon)
    launcher.append(svg)
    frame = document.createElement('iframe')
    frame.src = `${origin}/widget/${encodeURIComponent(key)}#${encodeURIComponent(stored())}`
    // The server checks which site frames the widget from this Referer, whatever the page's own policy.
    frame.referrerPolicy = 'origin'
    frame.title = 'Chat'
    shadow.append(frame, launcher)
    layout()
    phone.addEventListener('change', layout)
    document.body.append(root)
  }
  if (document.body) mount()
  else addEventListener('DOMContentLoaded', mount)
}
