import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import * as messagesRoute from '@/app/api/conversations/[id]/messages/route'
import * as memberRoute from '@/app/api/workspaces/[ws]/members/[userId]/route'
import * as chatRoute from '@/app/api/workspaces/[ws]/chat/route'
import { addMember, createWorkspace, quickPerson, type Person, type Workspace } from '@/tests/support/actors'
import { addDocuments, ask, chatRows, question } from '@/tests/support/chat'
import { asService, database, setDatabase, sql, type Driver, type Queryable } from '@/lib/db'
import { call, ORIGIN, outcome, streamedText } from '@/tests/support/http'

let owner: Person
let ws: Workspace

const handbook = `# Employee handbook

## Expenses

Travel expenses are reimbursed within thirty days after the receipt is uploaded to the portal.

## Equipment

Laptops are handed out by the IT desk on the second floor every Monday morning.
`

beforeAll(async () => {
  owner = await quickPerson('owner')
  ws = await createWorkspace(owner)
  await addDocuments(owner, ws.id, { 'handbook.md': handbook })
})

describe('chat with the offline model', () => {
  it('streams a cited answer and saves both messages', async () => {
    const { response, parts, conversationId, answerId } = await ask(owner, ws.id, 'When are travel expenses reimbursed?')
    expect(response.status, response.text).toBe(200)
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1')
    // A compressing proxy must not hold the streamed text back.
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform')
    expect(parts[0]).toEqual({ type: 'start', messageId: answerId })
    const text = streamedText(parts)
    expect(text).toContain('thirty days')
    expect(text).toMatch(/\[1\]/)
    const citation = parts.find((part) => part.type === 'data-citation')
    expect(citation.data).toMatchObject({ n: 1, documentName: 'handbook.md' })
    const finish = parts.at(-1)
    expect(finish).toMatchObject({ type: 'finish', messageMetadata: { status: 'complete', unanswered: false, model: 'offline:monitora-extractive' } })

    const messages = await call(messagesRoute.GET, 'GET', `/api/conversations/${conversationId}/messages`, { cookie: owner.cookie, params: { id: conversationId } })
    expect(messages.status, messages.text).toBe(200)
    expect(messages.json.items.map((m: any) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ])
    expect(messages.json.items[1]).toMatchObject({ id: answerId, text, unanswered: false })
    expect(messages.json.items[1].citations[0]).toMatchObject({ n: 1, documentName: 'handbook.md' })
  })

  it('ends with unavailable:search when retrieval fails, keeping the question and unlocking the conversation', async () => {
    // A fault in the database under retrieval: the postings table is out of reach for a moment.
    await asService((tx) => tx.query(sql`alter table postings rename to postings_away`))
    let asked: Awaited<ReturnType<typeof ask>>
    try {
      asked = await ask(owner, ws.id, 'When are travel expenses reimbursed?')
    } finally {
      await asService((tx) => tx.query(sql`alter table postings_away rename to postings`))
    }
    expect(asked.response.status).toBe(200)
    expect(asked.parts.filter((part) => part.type === 'error')).toEqual([{ type: 'error', errorText: 'unavailable:search' }])
    const rows = await asService((tx) =>
      tx.query<{ role: string; status: string; error_code: string | null; busy: boolean }>(sql`
        select m.role, m.status, m.error_code, c.busy_until is not null as busy from messages m join conversations c on c.id = m.conversation_id
         where m.conversation_id = ${asked.conversationId} order by m.seq`),
    )
    expect(rows).toEqual([
      { role: 'user', status: 'complete', error_code: null, busy: false },
      { role: 'assistant', status: 'failed', error_code: 'unavailable:search', busy: false },
    ])
    const again = await ask(owner, ws.id, 'When are travel expenses reimbursed?', { conversationId: asked.conversationId })
    expect(streamedText(again.parts)).toContain('thirty days')
  })

  it('starts the stream before the question is written; a question that cannot be written ends it with unavailable:database, leaving nothing and no lock', async () => {
    const first = await ask(owner, ws.id, 'Who hands out laptops?')
    const before = await chatRows()
    // A fault in the database once the question is checked: the messages table is out of reach for a moment.
    await asService((tx) => tx.query(sql`alter table messages rename to messages_away`))
    let followUp: Awaited<ReturnType<typeof ask>>, fresh: Awaited<ReturnType<typeof ask>>
    try {
      followUp = await ask(owner, ws.id, 'And on which floor?', { conversationId: first.conversationId })
      fresh = await ask(owner, ws.id, 'When are travel expenses reimbursed?')
    } finally {
      await asService((tx) => tx.query(sql`alter table messages_away rename to messages`))
    }
    for (const asked of [followUp, fresh]) {
      expect(asked.response.status).toBe(200)
      expect(asked.parts.map((part) => part.type)).toEqual(['start', 'error'])
      expect(asked.parts[1]).toEqual({ type: 'error', errorText: 'unavailable:database' })
    }
    const after = await chatRows()
    expect(after.messages).toEqual(before.messages)
    // Only the follow-up's conversation changed: its lock, taken and given back.
    const strip = (rows: any[]) => rows.map(({ busy_until: _lock, updated_at: _touched, ...row }) => row)
    expect(strip(after.conversations)).toEqual(strip(before.conversations))
    expect(after.conversations.find((c: any) => c.id === first.conversationId)?.busy_until).toBeNull()
    const again = await ask(owner, ws.id, 'And on which floor?', { conversationId: first.conversationId })
    expect(streamedText(again.parts)).toContain('second floor')
  })

  it('answers 503 unavailable:database without streaming when such a question was asked for one JSON answer', async () => {
    const before = await chatRows()
    await asService((tx) => tx.query(sql`alter table messages rename to messages_away`))
    let asked: Awaited<ReturnType<typeof ask>>
    try {
      asked = await ask(owner, ws.id, 'Who hands out laptops?', { stream: false })
    } finally {
      await asService((tx) => tx.query(sql`alter table messages_away rename to messages`))
    }
    expect(outcome(asked.response)).toBe('503 unavailable:database')
    expect(await chatRows()).toEqual(before)
  })
})

describe('the caller’s role, as read a moment ago', () => {
  let real: Driver | undefined
  afterEach(() => {
    vi.restoreAllMocks()
    if (real) setDatabase(real)
    real = undefined
  })

  it('lets a new conversation’s stream start before any statement: the session and the role were read by the previous question', async () => {
    await ask(owner, ws.id, 'Who hands out laptops?')
    real = await database()
    const driver = real
    const statements: string[] = []
    const counted = (tx: Queryable): Queryable => ({ ...tx, query: (statement) => (statements.push(statement.text), tx.query(statement)) })
    setDatabase({ ...driver, ...counted(driver), transaction: (fn, options) => driver.transaction((tx) => fn(counted(tx)), options) })

    const response = await chatRoute.POST(
      new Request(`${ORIGIN}/api/workspaces/${ws.id}/chat`, {
        method: 'POST',
        headers: { cookie: owner.cookie, origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ message: question('When are travel expenses reimbursed?') }),
      }),
      { params: Promise.resolve({ ws: ws.id }) },
    )
    const reader = response.body!.getReader()
    const first = new TextDecoder().decode((await reader.read()).value)
    expect(first).toMatch(/^data: \{"type":"start"/)
    expect(statements).toEqual([])
    let rest = ''
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value)
    expect(rest).toContain('thirty days')
    // The settings, the conversation and the question were read and written after the first byte.
    expect(statements.some((text) => /insert into messages/.test(text))).toBe(true)
  })

  it('is forgotten when a membership ends through this server: the next question is refused before any byte', async () => {
    const member = await quickPerson('member')
    await addMember(owner, ws.id, member, 'member')
    expect((await ask(member, ws.id, 'Who hands out laptops?')).response.status).toBe(200)
    const removed = await call(memberRoute.DELETE, 'DELETE', `/api/workspaces/${ws.id}/members/${member.id}`, { cookie: owner.cookie, params: { ws: ws.id, userId: member.id } })
    expect(removed.status, removed.text).toBe(204)
    const before = await chatRows()
    expect(outcome((await ask(member, ws.id, 'Who hands out laptops?')).response)).toBe('404 not_found:workspace')
    expect(await chatRows()).toEqual(before)
  })

  it('may outlive a membership ended through another server for a few seconds, in which row-level security refuses the save; then the refusal comes before any byte', async () => {
    const viewer = await quickPerson('viewer')
    await addMember(owner, ws.id, viewer, 'viewer')
    expect((await ask(viewer, ws.id, 'Who hands out laptops?')).response.status).toBe(200)
    await asService((tx) => tx.query(sql`delete from workspace_members where workspace_id = ${ws.id} and user_id = ${viewer.id}`))
    const before = await chatRows()

    const streamed = await ask(viewer, ws.id, 'Who hands out laptops?')
    expect(streamed.response.status).toBe(200)
    expect(streamed.parts).toEqual([
      { type: 'start', messageId: expect.any(String) },
      { type: 'error', errorText: 'not_found:workspace' },
    ])
    expect(outcome((await ask(viewer, ws.id, 'Who hands out laptops?', { stream: false })).response)).toBe('404 not_found:workspace')
    expect(await chatRows()).toEqual(before)

    const later = Date.now() + 5_001
    vi.spyOn(Date, 'now').mockReturnValue(later)
    expect(outcome((await ask(viewer, ws.id, 'Who hands out laptops?')).response)).toBe('404 not_found:workspace')
    expect(await chatRows()).toEqual(before)
  })
})
