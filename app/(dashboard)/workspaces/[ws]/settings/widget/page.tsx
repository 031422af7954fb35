import type { Metadata } from 'next'
import { headers } from 'next/headers'
import { WidgetEmbed } from '@/components/settings/widget-embed'
import { WidgetSettingsForm } from '@/components/settings/widget-form'
import { getT } from '@/lib/i18n/server'
import { listKeys } from '@/lib/keys'
import { identitySecret } from '@/lib/widget'
import { atLeast } from '@/lib/workspaces'
import { loadWorkspace } from '../../../../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('settings.widget') }
}

/** This server's origin as the browser sees it: the snippet loads embed.js from it. */
async function siteOrigin() {
  const h = await headers()
  return `${h.get('x-forwarded-proto')?.split(',')[0] ?? 'http'}://${h.get('x-forwarded-host') ?? h.get('host')}`
}

export default async function WidgetSettingsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params
  const { workspace, identity } = await loadWorkspace(ws, `/workspaces/${ws}/settings/widget`)
  const admin = atLeast(workspace.role, 'admin')
  const [keys, secret, origin] = admin ? await Promise.all([listKeys(identity, workspace.id, { limit: 100 }), identitySecret(identity, workspace.id), siteOrigin()]) : [null, '', '']
  const publicKey = keys?.items.find((key) => key.kind === 'public' && !key.revokedAt)?.token ?? null
  return (
    <div className="stack-lg">
      <WidgetSettingsForm
        workspaceId={workspace.id}
        canEdit={admin}
        initialDomains={workspace.allowedDomains}
        initialWidget={{
          title: workspace.widget.title,
          greeting: workspace.widget.greeting,
          color: workspace.widget.color,
          position: workspace.widget.position,
          language: workspace.widget.language,
          avatarUrl: workspace.widget.avatarUrl,
          visitorMessagesPerMinute: workspace.widget.visitorMessagesPerMinute,
          ipMessagesPerMinute: workspace.widget.ipMessagesPerMinute,
        }}
      />
      {admin && <WidgetEmbed workspaceId={workspace.id} origin={origin} publicKey={publicKey} initialSecret={secret} />}
    </div>
  )
}
