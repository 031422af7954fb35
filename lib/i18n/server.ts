import { cookies, headers } from 'next/headers'
import { cache } from 'react'
import { defaultLocale, fromAcceptLanguage, isLocale, LOCALE_COOKIE, translator, type Locale } from '.'
import { dictionaries } from './dictionaries'

/** The language of the page being rendered: the `locale` cookie, else Accept-Language, else English. */
export const getLocale = cache(async (): Promise<Locale> => {
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value
  if (isLocale(cookie)) return cookie
  return fromAcceptLanguage((await headers()).get('accept-language')) ?? defaultLocale
})

/** The translate function of the page being rendered. */
export async function getT() {
  return translator(dictionaries[await getLocale()])
}

export async function getDictionary() {
  const locale = await getLocale()
  return { locale, dict: dictionaries[locale] }
}
