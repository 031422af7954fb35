import type { Metadata, Viewport } from 'next'
import type { ReactNode } from 'react'
import { I18nProvider } from '@/lib/i18n/client'
import { getDictionary } from '@/lib/i18n/server'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Monitora', template: '%s · Monitora' },
  description: 'Open RAG chatbot platform: workspaces, documents, cited answers, an embeddable widget and APIs.',
}

export const viewport: Viewport = { themeColor: '#4f46e5', width: 'device-width', initialScale: 1 }

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, dict } = await getDictionary()
  return (
    <html lang={locale}>
      <body>
        <I18nProvider locale={locale} dict={dict}>
          {children}
        </I18nProvider>
      </body>
    </html>
  )
}
