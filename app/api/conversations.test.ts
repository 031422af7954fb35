/**
 * Conversations and messages through the real routes, answered by the offline model (it quotes
 * the sentences of the sources that match the question, with [n] citations, or says it found nothing).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import * as conversationRoute from '@/app/api/conversations/[id]/route'
import * as messagesRoute from '@/app/api/conversations/[id]/messages/route'
import * as messageRoute from '@/app/api/messages/[id]/route'
import * as feedbackRoute from '@/app/api/messages/[id]/feedback/route'
import * as conversationsRoute from '@/app/api/workspaces/[ws]/conversations/route'
import * as facetsRoute from '@/app/api/workspaces/[ws]/conversations/facets/route'
import * as documentRoute from '@/app/api/workspaces/[ws]/documents/[doc]/route'
import * as modelsRoute from '@/app/api/workspaces/[ws]/models/route'
import * as suggestionsRoute from '@/app/api/workspaces/[ws]/suggestions/route'
import { asService, sql } from '@/lib/db'
import { addMember, createKey, createWorkspace, quickPerson, type Key, type Person, type Workspace } from '@/tests/support/actors'
import { addDocuments, ask, messagesOf, retry } from '@/tests/support/chat'
import { call, errorOf, outcome, streamedText } from '@/tests/support/http'

const handbook = `# Employee handbook

## Expenses

Travel expenses are reimbursed within thirty days after the receipt is uploaded to the portal. Hotel nights are reimbursed up to 150 euros per night.

## Equipment

Laptops are handed out by the IT desk on the second floor every Monday morning.

## Security badges

Visitor badges are printed at the reception desk and returned before leaving the building.
`

const politique = `# Politique de remboursement

## Frais de déplacement

Les frais de déplacement sont remboursés sous trente jours après le dépôt du justificatif sur le portail.

## Congés d'été

Les congés d'été doivent être posés avant le 31 mars auprès du service des ressources humaines.
`

const secretPlan = `# Project Nightingale

## Launch

The Nightingale satellite launches from the Kourou spaceport on a Vega rocket.
`

const NOT_FOUND_EN = 'I could not find the answer to this question in the documents of this workspace.'
const NOT_FOUND_FR = 'Je n’ai pas trouvé la réponse à cette question dans les documents de cet espace.'

let owner: Person, colleague: Person
let ws: Workspace
let serverKey: Key
let docs: Record<string, string>

beforeAll(async () => {
  ;[owner, colleague] = await Promise.all([quickPerson('owner'), quickPerson('colleague')])
  ws = await createWorkspace(owner)
  await addMember(owner, ws.id, colleague, 'member')
  serverKey = await createKey(owner, ws.id)
  docs = await addDocuments(owner, ws.id, { 'handbook.md': handbook, 'politique.md': politique, 'nightingale.md': secretPlan })
})

const as = (person: Person) => ({ cookie: person.cookie })

const listConversations = (auth: { cookie?: string; bearer?: string }, query: Record<string, string> = {}) =>
  call(conversationsRoute.GET, 'GET', `/api/workspaces/${ws.id}/conversations`, { ...auth, params: { ws: ws.id }, query })

const createConversation = async (person: Person, body: Record<string, unknown> = {}) => {
  const response = await call(conversationsRoute.POST, 'POST', `/api/workspaces/${ws.id}/conversations`, { cookie: person.cookie, params: { ws: ws.id }, body })
  expect(response.status, response.text).toBe(201)
  return response.json
}

const getConversation = (auth: { cookie?: string; bearer?: string }, id: string) => call(conversationRoute.GET, 'GET', `/api/conversations/${id}`, { ...auth, params: { id } })
const patchConversation = (person: Person, id: string, body: unknown) =>
  call(conversationRoute.PATCH, 'PATCH', `/api/conversations/${id}`, { cookie: person.cookie, params: { id }, body })
const feedback = (person: Person, id: string, body: unknown) => call(feedbackRoute.POST, 'POST', `/api/messages/${id}/feedback`, { cookie: person.cookie, params: { id }, body })
const suggestions = (person: Person, query: Record<string, string> = {}) =>
  call(suggestionsRoute.GET, 'GET', `/api/workspaces/${ws.id}/suggestions`, { cookie: person.cookie, params: { ws: ws.id }, query })

/** Asks and checks that the answer completed. */
async function answered(person: Person, text: string, conversationId?: string) {
  const result = await ask(person, ws.id, text, { conversationId })
  expect(result.response.status, result.response.text).toBe(200)
  expect(result.parts.at(-1)).toMatchObject({ type: 'finish', messageMetadata: { status: 'complete' } })
  return { ...result, text: streamedText(result.parts), metadata: result.parts.at(-1).messageMetadata }
}

/** Every page of a list, following nextCursor. */
async function allPages(auth: { cookie?: string; bearer?: string }, query: Record<string, string>) {
  const pages: any[][] = []
  let cursor: string | null = null
  do {
    const response = await listConversations(auth, { ...query, ...(cursor ? { cursor } : {}) })
    expect(response.status, response.text).toBe(200)
    pages.push(response.json.items)
    cursor = response.json.nextCursor
  } while (cursor && pages.length < 20)
  return pages
}

const countRows = (table: 'conversations' | 'messages', conversationId: string) =>
  asService(async (tx) => {
    const [row] = await tx.query<{ n: number }>(table === 'conversations' ? sql`select count(*)::int as n from conversations where id = ${conversationId}` : sql`select count(*)::int as n from messages where conversation_id = ${conversationId}`)
    return row.n
  })

describe('listing', () => {
  it('lists a person’s own conversations, newest activity first, in pages without duplicates', async () => {
    const lister = await quickPerson('lister')
    await addMember(owner, ws.id, lister, 'member')
    const created: string[] = []
    for (let i = 0; i < 5; i++) created.push((await createConversation(lister, { title: `Conversation ${i}` })).id)
    // Someone else's conversation in the same workspace is not listed.
    const others = (await createConversation(colleague, { title: 'Not yours' })).id

    const pages = await allPages(as(lister), { limit: '2' })
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1])
    const ids = pages.flat().map((c) => c.id)
    expect(new Set(ids).size).toBe(5)
    expect(ids).toEqual([...created].reverse())
    expect(ids).not.toContain(others)

    // Asking in the oldest conversation brings it to the top.
    await answered(lister, 'When are travel expenses reimbursed?', created[0])
    const after = (await listConversations(as(lister))).json
    expect(after.nextCursor).toBeNull()
    expect(after.items.map((c: any) => c.id)).toEqual([created[0], ...[...created.slice(1)].reverse()])
    const times = after.items.map((c: any) => Date.parse(c.lastMessageAt))
    expect(times).toEqual([...times].sort((a, b) => b - a))
    expect(after.items[0]).toMatchObject({ messageCount: 2, title: 'Conversation 0', workspaceId: ws.id, channel: 'dashboard' })
    expect(after.items[1].messageCount).toBe(0)
  })

  it('lists every conversation of the workspace for a secret key, its own on the api channel', async () => {
    const mine = (await createConversation(colleague, { title: 'Colleague’s' })).id
    const viaKey = await ask(null, ws.id, 'When are travel expenses reimbursed?', { bearer: serverKey.token })
    expect(viaKey.response.status, viaKey.response.text).toBe(200)
    const pages = await allPages({ bearer: serverKey.token }, { limit: '100' })
    const items = pages.flat()
    const ids = items.map((c) => c.id)
    expect(ids).toContain(mine)
    expect(ids).toContain(viaKey.conversationId)
    expect(items.find((c) => c.id === viaKey.conversationId)).toMatchObject({ channel: 'api', messageCount: 2 })
    const [total] = await asService((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from conversations where workspace_id = ${ws.id}`))
    expect(ids).toHaveLength(total.n)
    expect(new Set(ids).size).toBe(total.n)
    // A secret key counts every conversation's folders and tags.
    const keyed = await call(conversationsRoute.POST, 'POST', '/x', { bearer: serverKey.token, params: { ws: ws.id }, body: { folder: 'API folder', tags: ['from-key'] } })
    expect(keyed.json).toMatchObject({ channel: 'api', folder: 'API folder', tags: ['from-key'] })
    await call(conversationsRoute.POST, 'POST', '/x', { cookie: colleague.cookie, params: { ws: ws.id }, body: { folder: 'API folder', tags: ['from-key'] } })
    const counted = await call(facetsRoute.GET, 'GET', '/x', { bearer: serverKey.token, params: { ws: ws.id } })
    expect(counted.json.folders).toContainEqual({ name: 'API folder', count: 2 })
    expect(counted.json.tags).toContainEqual({ name: 'from-key', count: 2 })
    const colleagues = await call(facetsRoute.GET, 'GET', '/x', { cookie: colleague.cookie, params: { ws: ws.id } })
    expect(colleagues.json.folders).toContainEqual({ name: 'API folder', count: 1 })
    // The colleague does not see the key's conversation.
    const theirs = (await allPages(as(colleague), { limit: '100' })).flat().map((c) => c.id)
    expect(theirs).toContain(mine)
    expect(theirs).not.toContain(viaKey.conversationId)
  })
})

describe('one conversation', () => {
  it('creates, reads, renames, files, favourites, tags and deletes a conversation', async () => {
    const created = await createConversation(owner, { title: '  Budget questions  ', folder: 'Finance', tags: ['q3', 'Q3', 'travel'] })
    expect(created).toMatchObject({ title: 'Budget questions', folder: 'Finance', favorite: false, tags: ['Q3', 'travel'], channel: 'dashboard', messageCount: 0, snippet: null })
    const read = await getConversation(as(owner), created.id)
    expect(read.json).toEqual(created)

    const patched = await patchConversation(owner, created.id, { title: 'Travel budget', folder: null, favorite: true, tags: ['trips'] })
    expect(outcome(patched), patched.text).toBe('200')
    expect(patched.json).toMatchObject({ id: created.id, title: 'Travel budget', folder: null, favorite: true, tags: ['trips'] })
    expect(Date.parse(patched.json.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt))
    // Each field alone leaves the others.
    const refiled = await patchConversation(owner, created.id, { folder: 'Travel' })
    expect(refiled.json).toMatchObject({ title: 'Travel budget', folder: 'Travel', favorite: true, tags: ['trips'] })
    expect((await getConversation(as(owner), created.id)).json).toEqual(refiled.json)

    const removed = await call(conversationRoute.DELETE, 'DELETE', `/api/conversations/${created.id}`, { cookie: owner.cookie, params: { id: created.id } })
    expect(outcome(removed)).toBe('204')
    expect(outcome(await getConversation(as(owner), created.id))).toBe('404 not_found:conversation')
  })

  it('deletes a conversation with its messages', async () => {
    const first = await answered(owner, 'When are travel expenses reimbursed?')
    await answered(owner, 'Who hands out laptops?', first.conversationId)
    expect(await countRows('messages', first.conversationId)).toBe(4)
    const removed = await call(conversationRoute.DELETE, 'DELETE', `/api/conversations/${first.conversationId}`, { cookie: owner.cookie, params: { id: first.conversationId } })
    expect(outcome(removed)).toBe('204')
    expect(await countRows('conversations', first.conversationId)).toBe(0)
    expect(await countRows('messages', first.conversationId)).toBe(0)
    const [orphans] = await asService((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from messages where id in (${first.questionId}, ${first.answerId})`))
    expect(orphans.n).toBe(0)
    expect(outcome(await call(messagesRoute.GET, 'GET', '/x', { cookie: owner.cookie, params: { id: first.conversationId } }))).toBe('404 not_found:conversation')
  })

  it('titles a new conversation from its first question, and a title set by PATCH stays for good', async () => {
    const first = await answered(owner, 'When are travel expenses reimbursed?')
    expect(first.parts.find((part) => part.type === 'data-conversation').data).toEqual({ id: first.conversationId, title: 'When are travel expenses reimbursed?', questionId: first.questionId })
    expect((await getConversation(as(owner), first.conversationId)).json.title).toBe('When are travel expenses reimbursed?')

    const renamed = await patchConversation(owner, first.conversationId, { title: 'My expenses' })
    expect(renamed.json.title).toBe('My expenses')
    const second = await answered(owner, 'Who hands out laptops?', first.conversationId)
    // A later answer announces no new title.
    expect(second.parts.find((part) => part.type === 'data-title')).toBeUndefined()
    expect((await getConversation(as(owner), first.conversationId)).json).toMatchObject({ title: 'My expenses', messageCount: 4 })
    const [row] = await asService((tx) => tx.query<{ title: string; title_source: string }>(sql`select title, title_source from conversations where id = ${first.conversationId}`))
    expect(row).toEqual({ title: 'My expenses', title_source: 'user' })
  })

  it('titles a conversation started empty from its first question, and only from the first', async () => {
    const empty = await createConversation(owner)
    expect(empty.title).toBe('')
    const first = await answered(owner, 'Who hands out laptops?', empty.id)
    expect(first.parts.find((part) => part.type === 'data-conversation').data.title).toBe('Who hands out laptops?')
    const second = await answered(owner, 'When are travel expenses reimbursed?', empty.id)
    expect(second.parts.find((part) => part.type === 'data-conversation').data.title).toBeNull()
    expect((await getConversation(as(owner), empty.id)).json).toMatchObject({ title: 'Who hands out laptops?', messageCount: 4 })
    // A conversation created with a title keeps it.
    const titled = await createConversation(owner, { title: 'Chosen' })
    const answer = await answered(owner, 'Who hands out laptops?', titled.id)
    expect(answer.parts.find((part) => part.type === 'data-conversation').data.title).toBeNull()
    expect((await getConversation(as(owner), titled.id)).json.title).toBe('Chosen')
  })

  it('cuts a long first question into a title of at most 60 characters on a word boundary', async () => {
    const long = 'When are travel expenses reimbursed after a long business trip abroad with several hotel nights and trains?'
    const { conversationId } = await answered(owner, long)
    const { title } = (await getConversation(as(owner), conversationId)).json
    expect(title.endsWith('…')).toBe(true)
    expect(title.length).toBeLessThanOrEqual(61)
    expect(long.startsWith(title.slice(0, -1))).toBe(true)
    expect(long[title.length - 1]).toBe(' ')
  })
})

describe('folders, favourites and tags', () => {
  let filer: Person
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    filer = await quickPerson('filer')
    await addMember(owner, ws.id, filer, 'viewer')
    ids.a = (await createConversation(filer, { title: 'A', folder: 'Finance', tags: ['urgent', 'q3'] })).id
    ids.b = (await createConversation(filer, { title: 'B', folder: 'Finance', tags: ['q3'] })).id
    ids.c = (await createConversation(filer, { title: 'C', folder: 'Legal' })).id
    ids.d = (await createConversation(filer, { title: 'D' })).id
    expect(outcome(await patchConversation(filer, ids.b, { favorite: true }))).toBe('200')
    expect(outcome(await patchConversation(filer, ids.d, { favorite: true, tags: ['urgent'] }))).toBe('200')
    // Another person's folders and tags are not counted.
    await createConversation(colleague, { title: 'E', folder: 'Finance', tags: ['urgent', 'secret-tag'] })
  })

  it('counts the caller’s folders and tags', async () => {
    const facets = await call(facetsRoute.GET, 'GET', '/x', { cookie: filer.cookie, params: { ws: ws.id } })
    expect(outcome(facets)).toBe('200')
    expect(facets.json).toEqual({
      folders: [
        { name: 'Finance', count: 2 },
        { name: 'Legal', count: 1 },
      ],
      tags: [
        { name: 'q3', count: 2 },
        { name: 'urgent', count: 2 },
      ],
    })
  })

  it.each([
    [{ folder: 'Finance' }, ['b', 'a']],
    [{ folder: 'Legal' }, ['c']],
    [{ folder: 'Nowhere' }, []],
    [{ favorite: 'true' }, ['d', 'b']],
    [{ favorite: 'false' }, ['c', 'a']],
    [{ tag: 'urgent' }, ['d', 'a']],
    [{ tag: 'q3', favorite: 'true' }, ['b']],
    [{ folder: 'Finance', tag: 'urgent' }, ['a']],
  ])('filters by %o', async (query, want) => {
    const response = await listConversations(as(filer), query as Record<string, string>)
    expect(outcome(response)).toBe('200')
    expect(response.json.items.map((c: any) => c.id)).toEqual(want.map((key) => ids[key]))
  })
})

describe('search', () => {
  let searcher: Person
  let french: string, summer: string, english: string

  beforeAll(async () => {
    searcher = await quickPerson('searcher')
    await addMember(owner, ws.id, searcher, 'member')
    french = (await answered(searcher, 'Quand les frais de déplacement sont-ils remboursés ?')).conversationId
    // Found through its messages only: the title no longer has the word.
    expect(outcome(await patchConversation(searcher, french, { title: 'Notes RH' }))).toBe('200')
    summer = (await createConversation(searcher, { title: 'Congés d’été 2025' })).id
    english = (await answered(searcher, 'Who hands out laptops?')).conversationId
  })

  const search = (q: string, person = searcher) => listConversations(as(person), { q })

  /** The matched words of a snippet, read through its offsets. */
  const matched = (snippet: { text: string; matches: [number, number][] }) => snippet.matches.map(([start, end]) => snippet.text.slice(start, end))

  it('finds words by their beginning in messages, with a snippet giving the offsets of each match', async () => {
    const response = await search('rembours')
    expect(outcome(response)).toBe('200')
    expect(response.json.items.map((c: any) => c.id)).toEqual([french])
    const { snippet } = response.json.items[0]
    expect(matched(snippet)).toContain('remboursés')
    expect(snippet.text).toContain('sont remboursés sous trente jours')
    expect(snippet.text).not.toMatch(/[⟦⟧\n]|^>/)
  })

  it('ignores accents and case', async () => {
    for (const q of ['ÉTÉ', 'ete', 'congés', 'CONGES']) {
      const response = await search(q)
      expect(response.json.items.map((c: any) => c.id), q).toEqual([summer])
    }
    expect(matched((await search('ÉTÉ')).json.items[0].snippet)).toEqual(['été'])
    expect((await search('deplacement')).json.items.map((c: any) => c.id)).toEqual([french])
  })

  it('finds words of the title, and needs every word', async () => {
    const title = await search('notes')
    expect(title.json.items.map((c: any) => c.id)).toEqual([french])
    expect(title.json.items[0].snippet).toEqual({ text: 'Notes RH', matches: [[0, 5]] })
    expect((await search('laptop')).json.items.map((c: any) => c.id)).toEqual([english])
    expect((await search('laptop rembours')).json.items).toEqual([])
    expect((await search('zeppelin')).json.items).toEqual([])
  })

  it('forgets the words of a deleted message', async () => {
    const badges = await answered(searcher, 'Where are visitor badges printed?')
    expect((await search('visitor badg')).json.items.map((c: any) => c.id)).toEqual([badges.conversationId])
    expect(outcome(await patchConversation(searcher, badges.conversationId, { title: 'Reception' }))).toBe('200')
    expect(outcome(await call(messageRoute.DELETE, 'DELETE', '/x', { cookie: searcher.cookie, params: { id: badges.questionId } }))).toBe('204')
    expect((await search('visitor')).json.items).toEqual([])
    expect((await search('reception')).json.items.map((c: any) => c.id)).toEqual([badges.conversationId])
  })

  it('finds an answer’s words once it stops streaming, not the partial text saved while it streams', async () => {
    const { conversationId, questionId } = await answered(searcher, 'Who waters the office plants?')
    const found = async (q: string) => (await search(q)).json.items.some((c: any) => c.id === conversationId)
    const [answer] = await asService((tx) =>
      tx.query<{ id: string }>(sql`
        insert into messages (workspace_id, conversation_id, role, reply_to, status, model)
        values (${ws.id}, ${conversationId}, 'assistant', ${questionId}, 'streaming', 'offline') returning id`),
    )
    const write = (set: ReturnType<typeof sql>) => asService((tx) => tx.query(sql`update messages set ${set} where id = ${answer.id}`))
    await write(sql`content = 'The gardener Ptolemy'`)
    await write(sql`content = 'The gardener Ptolemy waters them on Fridays'`)
    expect(await found('ptolemy')).toBe(false)
    // A server that stopped mid-answer: the partial answer is kept, interrupted, and now searchable.
    await write(sql`status = 'interrupted'`)
    expect(await found('ptolemy friday')).toBe(true)
    // An answer corrected afterwards is searched by its new words only.
    await write(sql`content = 'The caretaker Quintus'`)
    expect(await found('ptolemy')).toBe(false)
    expect(await found('quintus')).toBe(true)
  })

  it('gives no snippet without a query, and never finds another person’s conversations', async () => {
    const plain = await listConversations(as(searcher))
    expect(plain.json.items.every((c: any) => c.snippet === null)).toBe(true)
    const elsewhere = await search('rembours', colleague)
    expect(elsewhere.json.items.map((c: any) => c.id)).not.toContain(french)
  })

  it('keeps the text’s own guillemets apart from the matches', async () => {
    const { id: conversationId } = await createConversation(searcher, { title: 'Le « forfait jours » concerne les cadres' })
    const response = await search('forfait')
    const item = response.json.items.find((c: any) => c.id === conversationId)
    expect(item.snippet.text).toBe('Le « forfait jours » concerne les cadres')
    expect(matched(item.snippet)).toEqual(['forfait'])
    await call(conversationRoute.DELETE, 'DELETE', '/x', { cookie: searcher.cookie, params: { id: conversationId } })
  })

  it('takes punctuation and search operators as plain words', async () => {
    for (const q of ["rembours' | & ! :*", '(rembours)', 'rembours:*']) {
      const response = await search(q)
      expect(outcome(response), q).toBe('200')
      expect(response.json.items.map((c: any) => c.id), q).toEqual([french])
    }
    const none = await search('!!! ???')
    expect(outcome(none)).toBe('200')
    expect(none.json).toEqual({ items: [], nextCursor: null })
  })
})

describe('messages', () => {
  it('lists a conversation’s messages oldest first, in pages', async () => {
    const first = await answered(owner, 'When are travel expenses reimbursed?')
    const second = await answered(owner, 'Who hands out laptops?', first.conversationId)
    const third = await answered(owner, 'Where are visitor badges printed?', first.conversationId)
    const expected = [first.questionId, first.answerId, second.questionId, second.answerId, third.questionId, third.answerId]

    const page1 = await call(messagesRoute.GET, 'GET', '/x', { cookie: owner.cookie, params: { id: first.conversationId }, query: { limit: '4' } })
    expect(outcome(page1)).toBe('200')
    expect(page1.json.items).toHaveLength(4)
    expect(page1.json.nextCursor).toEqual(expect.any(String))
    const page2 = await call(messagesRoute.GET, 'GET', '/x', { cookie: owner.cookie, params: { id: first.conversationId }, query: { limit: '4', cursor: page1.json.nextCursor } })
    expect(page2.json.nextCursor).toBeNull()
    const items = [...page1.json.items, ...page2.json.items]
    expect(items.map((m: any) => m.id)).toEqual(expected)
    expect(items.map((m: any) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant'])
    const times = items.map((m: any) => Date.parse(m.createdAt))
    expect(times).toEqual([...times].sort((a, b) => a - b))

    const [question, answer] = items
    expect(question).toMatchObject({ conversationId: first.conversationId, text: 'When are travel expenses reimbursed?', citations: [], status: 'complete', replyTo: null, feedback: null, usage: null })
    expect(question.parts).toEqual([{ type: 'text', text: 'When are travel expenses reimbursed?' }])
    expect(answer).toMatchObject({ replyTo: first.questionId, text: first.text, status: 'complete', model: 'offline:monitora-extractive', unanswered: false, errorCode: null })
    expect(answer.usage.inputTokens).toBeGreaterThan(0)
    expect(answer.usage.outputTokens).toBeGreaterThan(0)
    expect(answer.totalMs).toBeGreaterThanOrEqual(answer.ttftMs)
    // The saved citations are those the text cites, kept in the parts too.
    expect(answer.citations.map((c: any) => c.n)).toEqual([...new Set([...first.text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))].sort())
    expect(answer.parts.filter((p: any) => p.type === 'data-citation').map((p: any) => p.data)).toEqual(answer.citations)
    expect(answer.parts.find((p: any) => p.type === 'text').text).toBe(first.text)
    expect(answer.citations[0]).toMatchObject({ documentId: docs['handbook.md'], documentName: 'handbook.md' })
    expect(handbook.includes(answer.citations[0].text) || answer.citations[0].text.includes('thirty days')).toBe(true)
  })

  it('records, changes and removes feedback on an answer, never on a question', async () => {
    const { answerId, questionId } = await answered(owner, 'Who hands out laptops?')
    const up = await feedback(owner, answerId, { rating: 'up' })
    expect(outcome(up)).toBe('200')
    expect(up.json).toMatchObject({ id: answerId, feedback: { rating: 'up', comment: null } })
    const down = await feedback(owner, answerId, { rating: 'down', comment: '  Wrong floor  ' })
    expect(down.json.feedback).toEqual({ rating: 'down', comment: 'Wrong floor' })
    const [row] = await asService((tx) => tx.query<{ feedback: number; feedback_comment: string; feedback_at: Date | null }>(sql`select feedback, feedback_comment, feedback_at from messages where id = ${answerId}`))
    expect(row).toMatchObject({ feedback: -1, feedback_comment: 'Wrong floor' })
    expect(row.feedback_at).toBeInstanceOf(Date)
    const cleared = await feedback(owner, answerId, { rating: null, comment: 'ignored' })
    expect(cleared.json.feedback).toBeNull()
    const [after] = await asService((tx) => tx.query(sql`select feedback, feedback_comment, feedback_at from messages where id = ${answerId}`))
    expect(after).toEqual({ feedback: null, feedback_comment: null, feedback_at: null })

    const onQuestion = await feedback(owner, questionId, { rating: 'up' })
    expect(outcome(onQuestion)).toBe('400 bad_request:message')
    const [question] = await asService((tx) => tx.query(sql`select feedback from messages where id = ${questionId}`))
    expect(question).toEqual({ feedback: null })
  })

  it('deletes a question with its answer, an answer alone', async () => {
    const first = await answered(owner, 'When are travel expenses reimbursed?')
    const second = await answered(owner, 'Who hands out laptops?', first.conversationId)
    const removed = await call(messageRoute.DELETE, 'DELETE', '/x', { cookie: owner.cookie, params: { id: first.questionId } })
    expect(outcome(removed)).toBe('204')
    expect((await messagesOf(as(owner), first.conversationId)).map((m) => m.id)).toEqual([second.questionId, second.answerId])
    const answerOnly = await call(messageRoute.DELETE, 'DELETE', '/x', { cookie: owner.cookie, params: { id: second.answerId } })
    expect(outcome(answerOnly)).toBe('204')
    expect((await messagesOf(as(owner), first.conversationId)).map((m) => m.id)).toEqual([second.questionId])
    expect(outcome(await call(messageRoute.DELETE, 'DELETE', '/x', { cookie: owner.cookie, params: { id: second.answerId } }))).toBe('404 not_found:message')
  })
})

describe('retry and edit', () => {
  it('regenerates the last answer: a new id, the old one gone, the same question', async () => {
    const first = await answered(owner, 'When are travel expenses reimbursed?')
    const second = await answered(owner, 'Who hands out laptops?', first.conversationId)
    const again = await retry(as(owner), second.answerId)
    expect(again.response.status, again.response.text).toBe(200)
    expect(again.response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1')
    expect(again.answerId).toEqual(expect.any(String))
    expect(again.answerId).not.toBe(second.answerId)
    expect(again.parts.find((p) => p.type === 'data-conversation').data).toMatchObject({ id: first.conversationId, questionId: second.questionId })
    expect(again.parts.at(-1)).toMatchObject({ type: 'finish', messageMetadata: { status: 'complete', unanswered: false } })
    expect(streamedText(again.parts)).toBe(second.text)

    const messages = await messagesOf(as(owner), first.conversationId)
    expect(messages.map((m) => m.id)).toEqual([first.questionId, first.answerId, second.questionId, again.answerId])
    expect(messages[3]).toMatchObject({ replyTo: second.questionId, text: second.text, status: 'complete' })
    expect(await asService((tx) => tx.query(sql`select id from messages where id = ${second.answerId}`))).toEqual([])
    // The conversation is unlocked again.
    const [lock] = await asService((tx) => tx.query(sql`select busy_until from conversations where id = ${first.conversationId}`))
    expect(lock).toEqual({ busy_until: null })
  })

  it('refuses to regenerate an earlier answer (409) or a question (400), changing nothing', async () => {
    const first = await answered(owner, 'When are travel expenses reimbursed?')
    const second = await answered(owner, 'Who hands out laptops?', first.conversationId)
    const before = await messagesOf(as(owner), first.conversationId)
    const earlier = await retry(as(owner), first.answerId)
    expect(outcome(earlier.response)).toBe('409 conflict:message')
    const question = await retry(as(owner), second.questionId)
    expect(outcome(question.response)).toBe('400 bad_request:message')
    expect(await messagesOf(as(owner), first.conversationId)).toEqual(before)
  })

  it('regenerates with stream:false and with a chosen model', async () => {
    const first = await answered(owner, 'Who hands out laptops?')
    const again = await retry(as(owner), first.answerId, { stream: false, model: 'offline:monitora-extractive' })
    expect(outcome(again.response), again.response.text).toBe('200')
    expect(again.response.json.conversationId).toBe(first.conversationId)
    expect(again.response.json.message).toMatchObject({ role: 'assistant', replyTo: first.questionId, text: first.text, model: 'offline:monitora-extractive' })
    expect(again.response.json.message.id).not.toBe(first.answerId)
    const unknown = await retry(as(owner), again.response.json.message.id, { model: 'gpt-17' })
    expect(outcome(unknown.response)).toBe('400 bad_request:model')
    expect((await messagesOf(as(owner), first.conversationId)).map((m) => m.id)).toEqual([first.questionId, again.response.json.message.id])
  })

  it('edits and resends the last question: it and its answer are replaced', async () => {
    const first = await answered(owner, 'When are travel expenses reimbursed?')
    const second = await answered(owner, 'Who hands out tablets?', first.conversationId)
    const edited = await ask(owner, ws.id, 'Who hands out laptops?', { conversationId: first.conversationId, editOf: second.questionId })
    expect(edited.response.status, edited.response.text).toBe(200)
    expect(streamedText(edited.parts)).toContain('IT desk')
    const messages = await messagesOf(as(owner), first.conversationId)
    expect(messages.map((m) => [m.role, m.text.slice(0, 40)])).toEqual([
      ['user', 'When are travel expenses reimbursed?'],
      ['assistant', first.text.slice(0, 40)],
      ['user', 'Who hands out laptops?'],
      ['assistant', streamedText(edited.parts).slice(0, 40)],
    ])
    expect(messages.map((m) => m.id)).not.toContain(second.questionId)
    expect(messages.map((m) => m.id)).not.toContain(second.answerId)
    expect(messages[3]).toMatchObject({ id: edited.answerId, replyTo: edited.questionId })
  })

  it('keeps a question id given by the client', async () => {
    const id = crypto.randomUUID()
    const result = await ask(owner, ws.id, 'Who hands out laptops?', { messageId: id })
    expect(result.questionId).toBe(id)
    expect((await messagesOf(as(owner), result.conversationId))[0].id).toBe(id)
  })

  it('refuses to edit an earlier question, an answer, or a message of another conversation', async () => {
    const first = await answered(owner, 'When are travel expenses reimbursed?')
    const second = await answered(owner, 'Who hands out laptops?', first.conversationId)
    const other = await answered(owner, 'Where are visitor badges printed?')
    const before = await messagesOf(as(owner), first.conversationId)
    const conversation = (await getConversation(as(owner), first.conversationId)).json
    const earlier = await ask(owner, ws.id, 'Edited', { conversationId: first.conversationId, editOf: first.questionId })
    expect(outcome(earlier.response)).toBe('400 bad_request:message')
    const answer = await ask(owner, ws.id, 'Edited', { conversationId: first.conversationId, editOf: second.answerId })
    expect(outcome(answer.response)).toBe('400 bad_request:message')
    const elsewhere = await ask(owner, ws.id, 'Edited', { conversationId: first.conversationId, editOf: other.questionId })
    expect(outcome(elsewhere.response)).toBe('404 not_found:message')
    expect(await messagesOf(as(owner), first.conversationId)).toEqual(before)
    // Not even the conversation's activity time moved.
    expect((await getConversation(as(owner), first.conversationId)).json).toEqual(conversation)
  })
})

describe('models', () => {
  it('lists the models, exactly one default: the offline model here', async () => {
    const response = await call(modelsRoute.GET, 'GET', '/x', { cookie: owner.cookie, params: { ws: ws.id } })
    expect(outcome(response)).toBe('200')
    const defaults = response.json.items.filter((m: any) => m.default)
    expect(defaults).toEqual([{ id: 'offline:monitora-extractive', label: 'Monitora extractive (offline)', provider: 'offline', default: true }])
    for (const model of response.json.items) expect(Object.keys(model).sort()).toEqual(['default', 'id', 'label', 'provider'])
  })

  it('refuses an unknown model with 400 bad_request:model, saving nothing', async () => {
    const [before] = await asService((tx) => tx.query(sql`select (select count(*)::int from conversations) as c, (select count(*)::int from messages) as m`))
    const response = await ask(owner, ws.id, 'Who hands out laptops?', { model: 'mistral:no-such-model' })
    expect(outcome(response.response)).toBe('400 bad_request:model')
    expect(errorOf(response.response).message).toContain('mistral:no-such-model')
    const existing = await createConversation(owner, { title: 'Model choice' })
    const inExisting = await ask(owner, ws.id, 'Who hands out laptops?', { model: 'gpt-4o', conversationId: existing.id })
    expect(outcome(inExisting.response)).toBe('400 bad_request:model')
    const [after] = await asService((tx) => tx.query(sql`select (select count(*)::int from conversations) as c, (select count(*)::int from messages) as m`))
    expect(after).toEqual({ ...(before as object), c: (before as { c: number }).c + 1 })
  })

  it('answers with a model named by its id or its bare name', async () => {
    for (const model of ['offline:monitora-extractive', 'monitora-extractive']) {
      const result = await ask(owner, ws.id, 'Who hands out laptops?', { model })
      expect(result.response.status, result.response.text).toBe(200)
      expect(result.parts.at(-1).messageMetadata.model).toBe('offline:monitora-extractive')
    }
  })
})

describe('answers', () => {
  it('refuses to write into a conversation whose lock is held (409 conflict:chat); a lock left by a stopped server expires', async () => {
    const first = await answered(owner, 'Who hands out laptops?')
    const lock = (interval: string) => asService((tx) => tx.query(sql`update conversations set busy_until = now() + ${interval}::interval where id = ${first.conversationId}`))
    await lock('10 minutes')
    const before = await messagesOf(as(owner), first.conversationId)
    expect(outcome((await ask(owner, ws.id, 'Where are visitor badges printed?', { conversationId: first.conversationId })).response)).toBe('409 conflict:chat')
    expect(outcome((await retry(as(owner), first.answerId)).response)).toBe('409 conflict:chat')
    expect(outcome(await call(messageRoute.DELETE, 'DELETE', '/x', { cookie: owner.cookie, params: { id: first.questionId } }))).toBe('409 conflict:chat')
    expect(await messagesOf(as(owner), first.conversationId)).toEqual(before)
    await lock('-1 second')
    const next = await answered(owner, 'Where are visitor badges printed?', first.conversationId)
    expect(next.text).toContain('reception desk')
    expect(await messagesOf(as(owner), first.conversationId)).toHaveLength(4)
  })

  it('answers with stream:false as JSON: the conversation id and the saved answer', async () => {
    const result = await ask(owner, ws.id, 'When are travel expenses reimbursed?', { stream: false })
    expect(outcome(result.response), result.response.text).toBe('200')
    expect(result.response.headers.get('content-type')).toMatch(/^application\/json/)
    const { conversationId, message } = result.response.json
    expect(Object.keys(result.response.json).sort()).toEqual(['conversationId', 'message'])
    expect(message).toMatchObject({ conversationId, role: 'assistant', status: 'complete', unanswered: false, model: 'offline:monitora-extractive' })
    expect(message.text).toContain('thirty days')
    expect(message.citations.length).toBeGreaterThan(0)
    const saved = await messagesOf(as(owner), conversationId)
    expect(saved).toHaveLength(2)
    expect(saved[1]).toEqual(message)
    expect(saved[0]).toMatchObject({ id: message.replyTo, role: 'user', text: 'When are travel expenses reimbursed?' })
  })

  it('searches a follow-up with the previous question’s words', async () => {
    const first = await answered(owner, 'When are travel expenses reimbursed?')
    const followUp = await answered(owner, 'And the hotel nights?', first.conversationId)
    const sources = followUp.parts.filter((p) => p.type === 'data-citation').map((p) => p.data)
    expect(sources.length).toBeGreaterThan(0)
    expect(sources[0]).toMatchObject({ documentName: 'handbook.md' })
    expect(followUp.text).toContain('Hotel nights are reimbursed up to 150 euros per night.')
    expect(followUp.metadata.unanswered).toBe(false)
    const rows = await asService((tx) =>
      tx.query<{ id: string; search_query: string }>(sql`select id, search_query from messages where conversation_id = ${first.conversationId} and role = 'user' order by seq`),
    )
    expect(rows.map((r) => r.id)).toEqual([first.questionId, followUp.questionId])
    // The first question is searched as asked; the follow-up with the first one's words.
    expect(rows[0].search_query).toBe('When are travel expenses reimbursed?')
    expect(rows[1].search_query).toMatch(/travel/)
    expect(rows[1].search_query).toMatch(/expenses/)
    expect(rows[1].search_query).toMatch(/hotel nights/)
    // A question of its own is searched as asked.
    const own = await answered(owner, 'Where are visitor badges printed?', first.conversationId)
    const [row] = await asService((tx) => tx.query<{ search_query: string }>(sql`select search_query from messages where id = ${own.questionId}`))
    expect(row.search_query).toBe('Where are visitor badges printed?')
  })

  it('flags a question the documents cannot answer, and says so in the question’s language', async () => {
    const english = await answered(owner, 'What is quantum chromodynamics?')
    expect(english.text).toBe(NOT_FOUND_EN)
    expect(english.metadata.unanswered).toBe(true)
    const french = await answered(owner, 'Qu’est-ce que la chromodynamique quantique ?')
    expect(french.text).toBe(NOT_FOUND_FR)
    expect(french.metadata.unanswered).toBe(true)
    for (const { conversationId } of [english, french]) {
      const [, answer] = await messagesOf(as(owner), conversationId)
      expect(answer).toMatchObject({ unanswered: true, citations: [], status: 'complete' })
    }
    // No follow-ups come from an unanswered question: the starters instead.
    const next = await suggestions(owner, { conversationId: english.conversationId })
    expect(next.json.kind).toBe('starter')
  })

  it('answers a French question over a French document in French, with citations', async () => {
    const result = await answered(owner, 'Quand les frais de déplacement sont-ils remboursés ?')
    expect(result.text).toMatch(/^Voici ce que disent les documents :/)
    expect(result.text).toContain('Les frais de déplacement sont remboursés sous trente jours')
    expect(result.text).toMatch(/\[\d\]/)
    const [, answer] = await messagesOf(as(owner), result.conversationId)
    expect(answer.unanswered).toBe(false)
    expect(answer.citations.map((c: any) => c.documentName)).toContain('politique.md')
    expect(answer.citations.every((c: any) => c.documentId === docs['politique.md'])).toBe(true)
    // Follow-ups are offered in the question's language, about the other sections of the cited document.
    const next = await suggestions(owner, { conversationId: result.conversationId })
    expect(next.json).toEqual({ kind: 'follow-up', questions: ['Et concernant « Congés d\'été » ?'] })
  })

  it('never cites an excluded document', async () => {
    const question = 'From which spaceport does the Nightingale satellite launch?'
    const before = await answered(owner, question)
    expect(before.text).toContain('Kourou')
    const exclude = (excluded: boolean) =>
      call(documentRoute.PATCH, 'PATCH', '/x', { cookie: owner.cookie, params: { ws: ws.id, doc: docs['nightingale.md'] }, body: { excluded } })
    expect(outcome(await exclude(true))).toBe('200')
    try {
      const after = await answered(owner, question)
      const sources = after.parts.filter((p) => p.type === 'data-citation').map((p) => p.data.documentId)
      expect(sources).not.toContain(docs['nightingale.md'])
      expect(after.text).not.toContain('Kourou')
      expect(after.metadata.unanswered).toBe(true)
      const [, answer] = await messagesOf(as(owner), after.conversationId)
      expect(answer.citations.map((c: any) => c.documentId)).not.toContain(docs['nightingale.md'])
    } finally {
      expect(outcome(await exclude(false))).toBe('200')
    }
  })
})

describe('suggestions', () => {
  it('offers starters drawn from the documents, cached until the documents change', async () => {
    const first = await suggestions(owner)
    expect(outcome(first)).toBe('200')
    expect(first.json.kind).toBe('starter')
    expect(first.json.questions.length).toBeGreaterThan(0)
    expect(first.json.questions.length).toBeLessThanOrEqual(4)
    const named = ['Employee handbook', 'Expenses', 'Equipment', 'Security badges', 'Politique de remboursement', 'Frais de déplacement', 'Congés d’été', "Congés d'été", 'Project Nightingale', 'Launch', 'handbook', 'politique', 'nightingale']
    for (const q of first.json.questions) expect(named.some((name) => q.includes(`“${name}”`) || q.includes(`« ${name} »`)), q).toBe(true)

    const cached = async () => (await asService((tx) => tx.query<{ documents_version: string; questions: string[] }>(sql`select documents_version, questions from workspace_suggestions where workspace_id = ${ws.id}`)))[0]
    const row = await cached()
    expect(row.questions).toEqual(first.json.questions)
    // Served from the cache: the row is not rewritten.
    const [{ updated_at: stamp }] = await asService((tx) => tx.query<{ updated_at: Date }>(sql`select updated_at from workspace_suggestions where workspace_id = ${ws.id}`))
    expect((await suggestions(owner)).json).toEqual(first.json)
    const [{ updated_at: again }] = await asService((tx) => tx.query<{ updated_at: Date }>(sql`select updated_at from workspace_suggestions where workspace_id = ${ws.id}`))
    expect(again).toEqual(stamp)

    await addDocuments(owner, ws.id, { 'canteen.md': '# Canteen guide\n\n## Opening hours\n\nThe canteen opens at noon and closes at two.\n\n## Menus\n\nMenus change every week.\n' })
    const changed = await suggestions(owner)
    expect(changed.json.kind).toBe('starter')
    expect(changed.json.questions.some((q: string) => /Canteen guide|Opening hours|Menus|canteen/.test(q)), changed.json.questions.join(' | ')).toBe(true)
    const newer = await cached()
    expect(newer.documents_version).not.toBe(row.documents_version)
    expect(newer.questions).toEqual(changed.json.questions)
  })

  it('asks its starters in the language the person reads', async () => {
    const french = await suggestions(owner, { language: 'fr' })
    expect(french.json.questions.length).toBeGreaterThan(0)
    for (const q of french.json.questions) expect(q, q).toMatch(/^(Que dit|Que faut-il savoir sur) « .+ » \?$/)
    const english = await suggestions(owner, { language: 'en' })
    for (const q of english.json.questions) expect(q, q).toMatch(/^(What does|What should I know about) “.+”\?$/)
    expect(outcome(await suggestions(owner, { language: 'de' }))).toBe('400 bad_request:api')
  })

  it('offers follow-ups from the sections near what the last answer cited', async () => {
    const { conversationId } = await answered(owner, 'Who hands out laptops?')
    const response = await suggestions(owner, { conversationId })
    expect(outcome(response)).toBe('200')
    expect(response.json.kind).toBe('follow-up')
    expect(response.json.questions.length).toBeGreaterThan(0)
    for (const q of response.json.questions) {
      expect(q).toMatch(/^And about “.+”\?$/)
      expect(q).not.toContain('Equipment')
    }
    expect(response.json.questions.some((q: string) => /Expenses|Security badges/.test(q)), response.json.questions.join(' | ')).toBe(true)
  })

  it('offers starters for a conversation without an answer yet', async () => {
    const empty = await createConversation(owner, { title: 'Empty' })
    const response = await suggestions(owner, { conversationId: empty.id })
    expect(outcome(response)).toBe('200')
    expect(response.json.kind).toBe('starter')
    expect(response.json.questions.length).toBeGreaterThan(0)
  })
})
