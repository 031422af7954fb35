'use client'

import { useRouter } from 'next/navigation'
import { useTransition } from 'react'
import { LOCALE_COOKIE, locales } from '@/lib/i18n'
import { useLocale, useT } from '@/lib/i18n/client'

function rememberLocale(locale: string) {
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`
}

/** EN / FR: sets the `locale` cookie for a year and re-renders the page on the server. */
export function LocaleSwitch() {
  const t = useT()
  const active = useLocale()
  const router = useRouter()
  const [pending, startTransition] = useTransition()

  function choose(locale: string) {
    rememberLocale(locale)
    startTransition(() => router.refresh())
  }

  return (
    <div className="locale-switch" role="group" aria-label={t('locale.label')} aria-busy={pending || undefined}>
      {locales.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-pressed={locale === active}
          title={t(`locale.${locale}`)}
          disabled={pending}
          onClick={() => locale !== active && choose(locale)}
        >
          <span aria-hidden="true">{locale.toUpperCase()}</span>
          <span className="visually-hidden">{t(`locale.${locale}`)}</span>
        </button>
      ))}
    </div>
  )
}
