import type { Metadata } from 'next'
import { MembersManager } from '@/components/settings/members-manager'
import { formatDate } from '@/lib/i18n'
import { getLocale, getT } from '@/lib/i18n/server'
import { listMembers } from '@/lib/workspaces/members'
import { loadWorkspace } from '../../../../_lib/workspace'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('settings.members') }
}

export default async function MembersSettingsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params
  const { workspace, identity, user } = await loadWorkspace(ws, `/workspaces/${ws}/settings/members`)
  const [page, locale] = await Promise.all([listMembers(identity, workspace.id, { limit: 100 }), getLocale()])
  return (
    <MembersManager
      workspaceId={workspace.id}
      myRole={workspace.role}
      myUserId={user.id}
      members={page.items.map((member) => ({ ...member, sinceLabel: formatDate(member.createdAt, locale) }))}
      hasMore={page.nextCursor !== null}
    />
  )
}
