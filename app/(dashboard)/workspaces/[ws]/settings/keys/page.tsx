import type { Metadata } from 'next'
import { KeysManager } from '@/components/settings/keys-manager'
import { Alert } from '@/components/ui'
import { formatDate } from '@/lib/i18n'
import { getLocale, getT } from '@/lib/i18n/server'
import { listKeys } from '@/lib/keys'
import { atLeast } from '@/lib/workspaces'
import { loadWorkspace } from '../../../../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('settings.keys') }
}

export default async function KeysSettingsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params
  const { workspace, identity } = await loadWorkspace(ws, `/workspaces/${ws}/settings/keys`)
  const t = await getT()
  if (!atLeast(workspace.role, 'admin')) {
    return <Alert tone="info">{t('keys.needAdmin')}</Alert>
  }
  const [page, locale] = await Promise.all([listKeys(identity, workspace.id, { limit: 100 }), getLocale()])
  const keys = page.items.map((key) => ({
    ...key,
    createdLabel: formatDate(key.createdAt, locale),
    lastUsedLabel: key.lastUsedAt ? formatDate(key.lastUsedAt, locale, true) : null,
  }))
  return <KeysManager workspaceId={workspace.id} keys={keys} />
}
