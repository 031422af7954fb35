import { beforeAll, describe, expect, it } from 'vitest'
import { createWorkspace, quickPerson, type Person, type Workspace } from '@/tests/support/actors'
import { asService, sql } from '@/lib/db'
import { interruptStaleAnswers } from '@/lib/chat/answer'

/**
 * The rollups the triggers keep must equal a recount from the messages after any mix of
 * inserts, updates (answers written, feedback given and changed, candidates kept) and deletes
 * (a question, a whole conversation).
 */

let owner: Person
let ws: Workspace

beforeAll(async () => {
  owner = await quickPerson('owner')
  ws = await createWorkspace(owner)
})

async function rollups(workspace: string) {
  return asService(async (tx) => ({
    days: await tx.query(sql`
      select day::text, channel, model, conversations, questions, answers, unanswered, failed, input_tokens::int, output_tokens::int, feedback_up, feedback_down, feedback_comments
        from analytics_days where workspace_id = ${workspace}
         and (conversations, questions, answers, unanswered, failed, input_tokens, output_tokens, feedback_up, feedback_down, feedback_comments) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
       order by day, channel, model`),
    latency: await tx.query(sql`select day::text, metric, bucket, answers from analytics_latency where workspace_id = ${workspace} and answers <> 0 order by day, metric, bucket`),
    documents: await tx.query(sql`select day::text, document_id, answers from analytics_documents where workspace_id = ${workspace} and answers <> 0 order by day, document_id`),
    questions: await tx.query(sql`select day::text, group_id, asked, unanswered from analytics_questions where workspace_id = ${workspace} and (asked, unanswered) <> (0, 0) order by day, group_id`),
  }))
}

async function expectNoDrift(workspace: string) {
  const kept = await rollups(workspace)
  await asService((tx) => tx.query(sql`select app.analytics_recount(${workspace})`))
  expect(await rollups(workspace)).toEqual(kept)
  return kept
}

async function conversation(channel: 'dashboard' | 'widget' | 'api', createdAt: string) {
  const [row] = await asService((tx) =>
    tx.query<{ id: string }>(sql`
      insert into conversations (workspace_id, user_id, channel, visitor_id, created_at)
      values (${ws.id}, ${channel === 'dashboard' ? owner.id : null}, ${channel}, ${channel === 'widget' ? 'visitor-1' : null}, ${createdAt}) returning id`),
  )
  return row.id
}

async function exchange(conversationId: string, text: string, at: string, answer: Record<string, unknown> = {}) {
  return asService(async (tx) => {
    const [q] = await tx.query<{ id: string }>(sql`
      insert into messages (workspace_id, conversation_id, role, content, created_at) values (${ws.id}, ${conversationId}, 'user', ${text}, ${at}) returning id`)
    const [a] = await tx.query<{ id: string }>(sql`
      insert into messages (workspace_id, conversation_id, role, reply_to, status, created_at) values (${ws.id}, ${conversationId}, 'assistant', ${q.id}, 'streaming', ${at}) returning id`)
    const fields = { status: 'complete', model: 'offline', input_tokens: 100, output_tokens: 20, ttft_ms: 120, total_ms: 900, unanswered: false, citations: [], ...answer }
    await tx.query(sql`
      update messages set content = 'answer', status = ${fields.status}, model = ${fields.model}, input_tokens = ${fields.input_tokens}, output_tokens = ${fields.output_tokens},
             ttft_ms = ${fields.ttft_ms}, total_ms = ${fields.total_ms}, unanswered = ${fields.unanswered}, citations = ${JSON.stringify(fields.citations)}::jsonb
       where id = ${a.id}`)
    return { questionId: q.id, answerId: a.id }
  })
}

const doc1 = '00000000-0000-4000-8000-000000000001'
const doc2 = '00000000-0000-4000-8000-000000000002'

describe('analytics rollups', () => {
  it('equal a recount after inserts, answers, feedback changes and deletes', async () => {
    const c1 = await conversation('dashboard', '2026-03-02T10:00:00Z')
    const c2 = await conversation('widget', '2026-03-02T23:30:00Z')
    const c3 = await conversation('api', '2026-03-03T08:00:00Z')
    const e1 = await exchange(c1, 'How do I reset my password?', '2026-03-02T10:00:01Z', { citations: [{ documentId: doc1 }, { documentId: doc1 }, { documentId: doc2 }] })
    const e2 = await exchange(c2, 'How can I reset the password?', '2026-03-02T23:30:05Z', { unanswered: true, ttft_ms: 2000, total_ms: 5000 })
    await exchange(c3, 'Quelle est la politique de remboursement ?', '2026-03-03T08:00:01Z', { status: 'failed', model: 'mistral-small-latest', ttft_ms: null })
    const e4 = await exchange(c3, 'What are the opening hours?', '2026-03-03T08:01:00Z', { unanswered: true })

    const before = await expectNoDrift(ws.id)
    expect(before.days).toContainEqual(expect.objectContaining({ day: '2026-03-02', channel: 'dashboard', model: '', conversations: 1, questions: 1 }))
    expect(before.days).toContainEqual(expect.objectContaining({ day: '2026-03-02', channel: 'widget', model: 'offline', answers: 1, unanswered: 1 }))
    expect(before.documents).toEqual([
      { day: '2026-03-02', document_id: doc1, answers: 1 },
      { day: '2026-03-02', document_id: doc2, answers: 1 },
    ])

    // Feedback given, changed, commented, withdrawn.
    await asService(async (tx) => {
      await tx.query(sql`update messages set feedback = 1, feedback_at = now() where id = ${e1.answerId}`)
      await tx.query(sql`update messages set feedback = -1, feedback_comment = 'Wrong page', feedback_at = now() where id = ${e2.answerId}`)
      await tx.query(sql`update messages set feedback = 1 where id = ${e2.answerId}`)
      await tx.query(sql`update messages set feedback = null, feedback_comment = null where id = ${e1.answerId}`)
    })
    const rated = await expectNoDrift(ws.id)
    expect(rated.days).toContainEqual(expect.objectContaining({ channel: 'widget', feedback_up: 1, feedback_down: 0, feedback_comments: 1 }))

    // A candidate answer counts only once kept.
    await asService(async (tx) => {
      const [q] = await tx.query<{ id: string }>(sql`select id from messages where id = ${e4.questionId}`)
      await tx.query(sql`insert into messages (workspace_id, conversation_id, role, reply_to, candidate, model, content, created_at) values (${ws.id}, ${c3}, 'assistant', ${q.id}, true, 'mistral-large-latest', 'other', '2026-03-03T08:01:02Z')`)
    })
    await expectNoDrift(ws.id)
    await asService((tx) => tx.query(sql`update messages set candidate = false where candidate and workspace_id = ${ws.id}`))
    await expectNoDrift(ws.id)

    // A question deleted (its answers go with it), then a whole conversation.
    await asService((tx) => tx.query(sql`delete from messages where id = ${e4.questionId}`))
    await expectNoDrift(ws.id)
    await asService((tx) => tx.query(sql`delete from conversations where id = ${c1}`))
    const after = await expectNoDrift(ws.id)
    expect(after.documents).toEqual([])
    expect(after.days.filter((row: any) => row.channel === 'dashboard')).toEqual([])
  })
})

describe('a chat question, grouped when its answer is saved', () => {
  it('is written without a group, then grouped with its answer by app.group_question, the rollups following', async () => {
    const c = await conversation('api', '2026-03-02T09:00:00Z')
    const groupOf = (id: string) => asService(async (tx) => (await tx.query<{ question_group: string | null }>(sql`select question_group from messages where id = ${id}`))[0].question_group)
    const { questionId, answerId } = await asService(async (tx) => {
      await tx.query(sql`select set_config('app.question_grouping', 'after answer', true)`)
      const [q] = await tx.query<{ id: string }>(sql`
        insert into messages (workspace_id, conversation_id, role, content, created_at) values (${ws.id}, ${c}, 'user', 'Where is the invoice archive kept?', '2026-03-02T09:00:00Z') returning id`)
      const [a] = await tx.query<{ id: string }>(sql`
        insert into messages (workspace_id, conversation_id, role, reply_to, status, created_at) values (${ws.id}, ${c}, 'assistant', ${q.id}, 'streaming', '2026-03-02T09:00:00Z') returning id`)
      return { questionId: q.id, answerId: a.id }
    })
    expect(await groupOf(questionId)).toBeNull()
    await asService((tx) => tx.query(sql`update messages set content = 'Nowhere I know of.', status = 'complete', unanswered = true where id = ${answerId}`))
    await asService((tx) => tx.query(sql`select app.group_question(${ws.id}, ${questionId})`))
    const group = await groupOf(questionId)
    expect(group).toBeTruthy()
    expect(await groupOf(answerId)).toBe(group)
    // The same wording asked again outside a chat joins the group when written.
    const { questionId: again } = await exchange(c, 'where is the invoice archive kept', '2026-03-02T10:00:00Z')
    expect(await groupOf(again)).toBe(group)
    const kept = await expectNoDrift(ws.id)
    expect(kept.questions.filter((row: any) => row.group_id === group)).toEqual([{ day: '2026-03-02', group_id: group, asked: 2, unanswered: 1 }])
  })
})

describe('a chat question whose answer the server left streaming', () => {
  it('is grouped, with its answer, when the answer is marked interrupted at start-up', async () => {
    const c = await conversation('api', '2026-03-03T09:00:00Z')
    await asService(async (tx) => {
      await tx.query(sql`select set_config('app.question_grouping', 'after answer', true)`)
      const [q] = await tx.query<{ id: string }>(sql`
        insert into messages (workspace_id, conversation_id, role, content, created_at) values (${ws.id}, ${c}, 'user', 'Who signs the purchase orders?', '2026-03-03T09:00:00Z') returning id`)
      await tx.query(sql`
        insert into messages (workspace_id, conversation_id, role, reply_to, status, created_at) values (${ws.id}, ${c}, 'assistant', ${q.id}, 'streaming', '2026-03-03T09:00:00Z')`)
    })
    expect(await interruptStaleAnswers(0)).toBeGreaterThanOrEqual(1)
    const rows = await asService((tx) => tx.query<{ role: string; status: string; grouped: boolean }>(sql`
      select role, status, question_group is not null as grouped from messages where conversation_id = ${c} order by seq`))
    expect(rows).toEqual([
      { role: 'user', status: 'complete', grouped: true },
      { role: 'assistant', status: 'interrupted', grouped: true },
    ])
    await expectNoDrift(ws.id)
  })
})

describe('questions grouped by meaning', () => {
  const groupOf = (text: string) => asService(async (tx) => (await tx.query<{ id: string }>(sql`select app.question_group_for(${ws.id}, ${text}) as id`))[0].id)

  it('groups similar wordings in English and in French, and keeps different questions apart', async () => {
    const english = [
      ['How do I reset my password?', 'How can I reset the password?', 'reset password', 'How do I reset my account password?'],
      ['What is your refund policy?', 'refund policy', 'Can you explain the refund policy please?'],
      ['How do I delete my account?', 'Delete my account', 'how to delete an account'],
    ]
    const french = [
      ['Comment réinitialiser mon mot de passe ?', 'Comment reinitialiser le mot de passe', 'réinitialiser mot de passe'],
      ['Quels sont les horaires d’ouverture ?', 'Horaires d’ouverture ?', 'quels horaires d’ouverture le samedi'],
      ['Combien de jours de télétravail par semaine ?', 'combien de jours de teletravail par semaine'],
      ['tickets restaurant en télétravail', 'Les tickets restaurant sont-ils maintenus en télétravail ?'],
    ]
    for (const set of [...english, ...french]) {
      const ids = await Promise.all(set.map(groupOf))
      expect(new Set(ids).size, set.join(' / ')).toBe(1)
    }
    const firsts = await Promise.all([...english, ...french].map((set) => groupOf(set[0])))
    expect(new Set(firsts).size).toBe(english.length + french.length)
  })
})
