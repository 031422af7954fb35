'use client'

import { createContext, useContext, useMemo, type ReactNode } from 'react'
import { translator, type Dictionary, type Locale, type Translate } from '.'

const I18nContext = createContext<{ locale: Locale; t: Translate } | null>(null)

/** Gives client components the active dictionary only (the server picks it). */
export function I18nProvider({ locale, dict, children }: { locale: Locale; dict: Dictionary; children: ReactNode }) {
  const value = useMemo(() => ({ locale, t: translator(dict) }), [locale, dict])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

function useI18n() {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useT() must be used inside <I18nProvider>')
  return value
}

export const useT = (): Translate => useI18n().t
export const useLocale = (): Locale => useI18n().locale
