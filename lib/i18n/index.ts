import type { Dictionary, MessageKey } from './en'

/** Shared by server and client code; imports no dictionary so that the browser only gets the active one. */
export type { Dictionary, MessageKey } from './en'

export const locales = ['en', 'fr'] as const
export type Locale = (typeof locales)[number]
export const defaultLocale: Locale = 'en'
export const LOCALE_COOKIE = 'locale'

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (locales as readonly string[]).includes(value)

export type Vars = Record<string, string | number>
export type Translate = (key: MessageKey, vars?: Vars) => string

/** A translate function over one dictionary; `{name}` placeholders are replaced by `vars.name`. */
export function translator(dict: Dictionary): Translate {
  return (key, vars) => {
    const message = dict[key] ?? key
    return vars ? message.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match)) : message
  }
}

/** The best supported language of an Accept-Language header, or null. */
export function fromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index }
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  for (const { tag } of ranked) {
    const base = tag.split('-')[0]
    if (isLocale(base)) return base
  }
  return null
}

/** Dates shown in the dashboard, in UTC so that server and browser render the same text. */
export function formatDate(iso: string, locale: Locale, withTime = false): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: 'UTC',
  }).format(new Date(iso)) + (withTime ? ' UTC' : '')
}
