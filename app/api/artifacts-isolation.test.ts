/**
 * Tenancy of artifacts and exports: every artifact and export route against an artifact of
 * ownerA's conversation in workspace A, for every kind of caller. Another tenant's resources are
 * 404 (never 403), refused calls write nothing, and row-level security holds in SQL too.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import * as artifactRoute from '@/app/api/artifacts/[id]/route'
import * as exportRoute from '@/app/api/artifacts/[id]/export/route'
import * as versionsRoute from '@/app/api/artifacts/[id]/versions/route'
import * as artifactsRoute from '@/app/api/conversations/[id]/artifacts/route'
import * as conversationExportRoute from '@/app/api/conversations/[id]/export/route'
import * as workspaceExportsRoute from '@/app/api/workspaces/[ws]/exports/route'
import { asIdentity, asService, sql, type Identity } from '@/lib/db'
import { twoWorkspaces, type Key, type Person, type Workspace } from '@/tests/support/actors'
import { addDocuments, ask } from '@/tests/support/chat'
import { call, errorOf, outcome, type CallOptions, type CallResult } from '@/tests/support/http'

type ActorName = 'ownerB' | 'secretKeyB' | 'memberA' | 'viewerA' | 'adminA' | 'secretKeyA' | 'publicKeyA' | 'anonymous'
type RouteName = 'list' | 'create' | 'get' | 'versions' | 'patch' | 'delete' | 'export' | 'export conversation' | 'workbook in A' | 'workbook in home'

const secretTable = { columns: [{ name: 'Code', type: 'text' }], rows: [['7741-ALPHA']] }

let ownerA: Person, adminA: Person, memberA: Person, viewerA: Person, ownerB: Person
let A: Workspace, B: Workspace
let secretA: Key, secretB: Key, publicA: Key
let conversationId: string
let artifactId: string

beforeAll(async () => {
  ;({ ownerA, adminA, memberA, viewerA, ownerB, A, B, secretA, publicA, secretB } = await twoWorkspaces())
  await addDocuments(ownerA, A.id, { 'vault.md': '# Vault\n\nThe Zanzibar vault code is 7741-ALPHA.\n' })
  const asked = await ask(ownerA, A.id, 'What is the Zanzibar vault code?')
  conversationId = asked.conversationId
  const created = await call(artifactsRoute.POST, 'POST', '/x', { cookie: ownerA.cookie, params: { id: conversationId }, body: { kind: 'table', title: 'Zanzibar codes', content: secretTable } })
  expect(created.status, created.text).toBe(201)
  artifactId = created.json.id
})

function credentials(actor: ActorName): CallOptions {
  const byActor: Record<ActorName, CallOptions> = {
    ownerB: { cookie: ownerB.cookie },
    secretKeyB: { bearer: secretB.token },
    memberA: { cookie: memberA.cookie },
    viewerA: { cookie: viewerA.cookie },
    adminA: { cookie: adminA.cookie },
    secretKeyA: { bearer: secretA.token },
    publicKeyA: { bearer: publicA.token },
    anonymous: {},
  }
  return byActor[actor]
}

const homeOf = (actor: ActorName) => (actor === 'ownerB' || actor === 'secretKeyB' ? B.id : A.id)

function run(route: RouteName, actor: ActorName): Promise<CallResult> {
  const options = credentials(actor)
  const id = artifactId
  switch (route) {
    case 'list':
      return call(artifactsRoute.GET, 'GET', '/x', { ...options, params: { id: conversationId } })
    case 'create':
      return call(artifactsRoute.POST, 'POST', '/x', { ...options, params: { id: conversationId }, body: { kind: 'document', title: 'Planted', content: { markdown: 'pwned' } } })
    case 'get':
      return call(artifactRoute.GET, 'GET', '/x', { ...options, params: { id } })
    case 'versions':
      return call(versionsRoute.GET, 'GET', '/x', { ...options, params: { id } })
    case 'patch':
      return call(artifactRoute.PATCH, 'PATCH', '/x', { ...options, params: { id }, body: { title: 'pwned', content: { columns: [{ name: 'x' }], rows: [['pwned']] } } })
    case 'delete':
      return call(artifactRoute.DELETE, 'DELETE', '/x', { ...options, params: { id } })
    case 'export':
      return call(exportRoute.GET, 'GET', '/x', { ...options, params: { id }, query: { format: 'csv' } })
    case 'export conversation':
      return call(conversationExportRoute.GET, 'GET', '/x', { ...options, params: { id: conversationId }, query: { format: 'json' } })
    case 'workbook in A':
      return call(workspaceExportsRoute.POST, 'POST', '/x', { ...options, params: { ws: A.id }, body: { artifactIds: [id] } })
    case 'workbook in home':
      return call(workspaceExportsRoute.POST, 'POST', '/x', { ...options, params: { ws: homeOf(actor) }, body: { artifactIds: [id] } })
  }
}

const routes: RouteName[] = ['list', 'create', 'get', 'versions', 'patch', 'delete', 'export', 'export conversation', 'workbook in A', 'workbook in home']
const all = (want: string) => Object.fromEntries(routes.map((route) => [route, want])) as Record<RouteName, string>

/** Someone who may not see the conversation: it and its artifacts do not exist for them. */
const hidden = {
  list: '404 not_found:conversation',
  create: '404 not_found:conversation',
  get: '404 not_found:artifact',
  versions: '404 not_found:artifact',
  patch: '404 not_found:artifact',
  delete: '404 not_found:artifact',
  export: '404 not_found:artifact',
  'export conversation': '404 not_found:conversation',
} satisfies Partial<Record<RouteName, string>>

const expected: Record<Exclude<ActorName, 'adminA' | 'secretKeyA'>, Record<RouteName, string>> = {
  ownerB: { ...hidden, 'workbook in A': '404 not_found:workspace', 'workbook in home': '404 not_found:artifact' },
  secretKeyB: { ...hidden, 'workbook in A': '404 not_found:workspace', 'workbook in home': '404 not_found:artifact' },
  memberA: { ...hidden, 'workbook in A': '404 not_found:artifact', 'workbook in home': '404 not_found:artifact' },
  viewerA: { ...hidden, 'workbook in A': '404 not_found:artifact', 'workbook in home': '404 not_found:artifact' },
  publicKeyA: all('403 forbidden:key'),
  anonymous: all('401 unauthorized:auth'),
}

const artifactRows = () =>
  asService(async (tx) => ({
    artifacts: await tx.query(sql`select * from artifacts order by id`),
    versions: await tx.query(sql`select * from artifact_versions order by artifact_id, version`),
  }))

const cases = (Object.keys(expected) as (keyof typeof expected)[]).flatMap((actor) => routes.map((route) => ({ actor, route, want: expected[actor][route] })))

describe('the matrix against an artifact of ownerA’s conversation in A', () => {
  let before: Awaited<ReturnType<typeof artifactRows>>

  it('starts from one artifact', async () => {
    before = await artifactRows()
    expect(before.artifacts.map((row) => row.id)).toEqual([artifactId])
  })

  it.each(cases)('$actor: $route → $want', async ({ actor, route, want }) => {
    const response = await run(route, actor)
    expect(outcome(response), response.text).toBe(want)
    expect(Object.keys(errorOf(response)).sort()).toEqual(['code', 'message'])
    for (const secret of ['7741', 'Zanzibar', A.name]) expect(response.text).not.toContain(secret)
  })

  it('left every artifact and version unchanged', async () => {
    expect(await artifactRows()).toEqual(before)
  })

  it('an admin of A and A’s secret key read and export it, but only its author edits it', async () => {
    for (const actor of ['adminA', 'secretKeyA'] as const) {
      expect(outcome(await run('get', actor))).toBe('200')
      expect(outcome(await run('versions', actor))).toBe('200')
      expect(outcome(await run('export', actor))).toBe('200')
      expect(outcome(await run('workbook in A', actor))).toBe('200')
      expect(outcome(await run('patch', actor))).toBe('403 forbidden:conversation')
      expect(outcome(await run('create', actor))).toBe('403 forbidden:conversation')
    }
    expect(await artifactRows()).toEqual(before)
  })
})

describe('row-level security on artifacts, in SQL', () => {
  const as = (person: Person): Identity => ({ kind: 'user', userId: person.id, email: person.email })

  it('another workspace’s owner and a member of A see no artifact or version, and cannot insert one into A', async () => {
    for (const person of [ownerB, memberA]) {
      await asIdentity(as(person), async (tx) => {
        expect(await tx.query(sql`select id from artifacts`)).toEqual([])
        expect(await tx.query(sql`select artifact_id from artifact_versions`)).toEqual([])
      })
      await expect(
        asIdentity(as(person), (tx) => tx.query(sql`insert into artifacts (workspace_id, conversation_id, kind, title) values (${A.id}, ${conversationId}, 'document', 'planted')`)),
      ).rejects.toThrow(/row-level security/)
      await expect(
        asIdentity(as(person), (tx) => tx.query(sql`insert into artifact_versions (workspace_id, artifact_id, version, content, author) values (${A.id}, ${artifactId}, 99, '{}', 'person')`)),
      ).rejects.toThrow(/row-level security/)
    }
  })

  it('versions cannot be rewritten, even by the author', async () => {
    await expect(asIdentity(as(ownerA), (tx) => tx.query(sql`update artifact_versions set content = '{}' where artifact_id = ${artifactId}`))).rejects.toThrow(/permission denied/)
  })

  it('an artifact cannot point at a conversation of another workspace', async () => {
    const [other] = await asService((tx) => tx.query<{ id: string }>(sql`insert into conversations (workspace_id, title) values (${B.id}, 'b') returning id`))
    await expect(asService((tx) => tx.query(sql`insert into artifacts (workspace_id, conversation_id, kind, title) values (${A.id}, ${other.id}, 'document', 'x')`))).rejects.toThrow(/foreign key/)
  })
})
