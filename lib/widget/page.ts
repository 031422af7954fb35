import { ApiError } from '../api/errors'
import { dictionaries } from '../i18n/dictionaries'
import { verifyKey } from '../keys'
import { widgetLanguage, widgetWorkspace } from '.'
import { widgetAssets } from './assets'
import { WIDGET_QUESTION_MAX_CHARS } from './contracts'
import { frameAncestors, siteOfPage } from './site'

/** The widget page (the iframe's document): a small static shell, its script and styles, and what they need to start. */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** Boot data inside a JSON script block: `<` escaped so that no string can close the block. */
const jsonBlock = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c')

function refused(status: number, message: string): Response {
  return new Response(`<!doctype html><meta charset="utf-8"><title>Monitora</title><p>${escapeHtml(message)}</p>`, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'cache-control': 'no-store',
    },
  })
}

export async function widgetPage(request: Request, publicKey: string): Promise<Response> {
  const key = /^pk_[\w-]{10,100}$/.test(publicKey) ? await verifyKey(publicKey) : null
  if (!key || key.kind !== 'public') return refused(404, 'This widget does not exist: its key may have been revoked.')
  const workspace = await widgetWorkspace(key.workspaceId)
  let site: string
  try {
    site = siteOfPage(request, workspace.allowedDomains)
  } catch (error) {
    if (error instanceof ApiError) return refused(error.status, error.message)
    throw error
  }
  const language = widgetLanguage(workspace.settings, request)
  const dict = dictionaries[language]
  const strings = Object.fromEntries(Object.entries(dict).filter(([name]) => name.startsWith('widgetApp.')).map(([name, text]) => [name.slice('widgetApp.'.length), text]))
  const { title, greeting, color, position, avatarUrl } = workspace.settings
  const boot = { key: publicKey, site, language, title, greeting, color, position, avatarUrl, maxChars: WIDGET_QUESTION_MAX_CHARS, strings }
  const assets = await widgetAssets()
  const icon = (d: string) => `<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path d="${d}"/></svg>`
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/widget/app.css?v=${assets['app.css'].version}">
<script type="application/json" id="boot">${jsonBlock(boot)}</script>
<script src="/widget/app.js?v=${assets['app.js'].version}" defer></script>
</head><body>
<main class="panel" aria-labelledby="title">
<header class="head">${avatarUrl ? `<img class="avatar" src="${escapeHtml(avatarUrl)}" alt="">` : ''}<h1 id="title">${escapeHtml(title)}</h1>
<button type="button" class="icon" data-action="reset" aria-label="${escapeHtml(dict['widgetApp.reset'])}" title="${escapeHtml(dict['widgetApp.reset'])}">${icon('M12 5V2L7 6l5 4V7a6 6 0 1 1-6 6H4a8 8 0 1 0 8-8z')}</button>
<button type="button" class="icon" data-action="close" aria-label="${escapeHtml(dict['widgetApp.close'])}" title="${escapeHtml(dict['widgetApp.close'])}">${icon('M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z')}</button>
</header>
<div class="log" role="log" aria-live="polite" aria-label="${escapeHtml(dict['widgetApp.conversation'])}" tabindex="0"></div>
<p class="notice" role="status" aria-live="assertive" hidden></p>
<form class="composer"><label class="sr" for="question">${escapeHtml(dict['widgetApp.questionLabel'])}</label>
<textarea id="question" rows="1" maxlength="${WIDGET_QUESTION_MAX_CHARS}" placeholder="${escapeHtml(dict['widgetApp.placeholder'])}" disabled></textarea>
<button type="submit" class="send" aria-label="${escapeHtml(dict['widgetApp.send'])}" title="${escapeHtml(dict['widgetApp.send'])}" disabled>${icon('M3 20.5 21 12 3 3.5V10l12 2-12 2z')}</button>
</form>
</main>
</body></html>`
  return new Response(html, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https: data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        `frame-ancestors ${frameAncestors(workspace.allowedDomains)}`,
      ].join('; '),
      // The page names the site that framed it: never reuse it for another.
      'cache-control': 'no-store',
      vary: 'Referer, Accept-Language',
    },
  })
}
