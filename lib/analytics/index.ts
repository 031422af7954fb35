import { asIdentity, asService, sql, type Identity, type Queryable } from '../db'
import { planSearch, searchChunks } from '../retrieval'
import { requireRole } from '../workspaces/access'
import { mergeByMeaning } from './meaning'
import { eachDay, addDays, type DateRange } from './range'
import { channels, type Analytics, type Channel, type Passage, type QuestionGroup } from './schemas'

/**
 * A workspace's analytics for a range of days, read from the rollups the database keeps
 * (supabase/migrations/0011_analytics.sql): the cost depends on the days and groups, not on
 * the number of messages. Only admins (and secret keys) read them: they cover everyone's conversations.
 */
export async function workspaceAnalytics(identity: Identity, workspaceId: string, range: DateRange): Promise<Analytics> {
  const analytics = await asIdentity(identity, async (tx) => {
    await requireRole(tx, identity, workspaceId, 'admin')
    return readAnalytics(tx, workspaceId, range)
  })
  analytics.topQuestions = await mergeByMeaning(workspaceId, analytics.topQuestions, 'asked')
  analytics.unansweredQuestions = await mergeByMeaning(workspaceId, analytics.unansweredQuestions, 'unanswered')
  await fillPassages(workspaceId, analytics.unansweredQuestions)
  return analytics
}

const TOP_GROUPS = 20
const UNANSWERED_GROUPS = 10
const LATENCY_BASE = 1.08

/** A percentile of a histogram whose bucket b holds [1.08^(b-1), 1.08^b) ms: the bucket's geometric middle. */
export function histogramPercentile(buckets: { bucket: number; count: number }[], p: number): number | null {
  const total = buckets.reduce((sum, b) => sum + b.count, 0)
  if (!total) return null
  const rank = Math.ceil(p * total)
  let seen = 0
  for (const { bucket, count } of [...buckets].sort((a, b) => a.bucket - b.bucket)) {
    seen += count
    if (seen >= rank) return bucket === 0 ? 0 : Math.round(LATENCY_BASE ** (bucket - 0.5))
  }
  return null
}

const ratio = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : null)

export async function readAnalytics(tx: Queryable, workspaceId: string, range: DateRange): Promise<Analytics> {
  const { from, to } = range
  const until = addDays(to, 1)
  const days = await tx.query<{ day: string; channel: Channel; conversations: number; questions: number; answers: number; unanswered: number; failed: number; up: number; down: number }>(sql`
    select day::text, channel, sum(conversations)::int as conversations, sum(questions)::int as questions, sum(answers)::int as answers,
           sum(unanswered)::int as unanswered, sum(failed)::int as failed, sum(feedback_up)::int as up, sum(feedback_down)::int as down
      from analytics_days where workspace_id = ${workspaceId} and day between ${from} and ${to}
     group by day, channel`)
  const models = await tx.query<Analytics['models'][number]>(sql`
    select case when model = '' then 'unknown' else model end as model, sum(answers)::int as answers,
           sum(input_tokens)::float8 as "inputTokens", sum(output_tokens)::float8 as "outputTokens"
      from analytics_days where workspace_id = ${workspaceId} and day between ${from} and ${to} and answers <> 0
     group by 1 order by 2 desc, 1`)
  const latency = await tx.query<{ metric: 'ttft' | 'total'; bucket: number; count: number }>(sql`
    select metric, bucket, sum(answers)::int as count from analytics_latency
     where workspace_id = ${workspaceId} and day between ${from} and ${to} group by metric, bucket`)
  const documents = await tx.query<{ documentId: string; name: string | null; answers: number }>(sql`
    select a.document_id as "documentId", d.name, a.answers from (
      select document_id, sum(answers)::int as answers from analytics_documents
       where workspace_id = ${workspaceId} and day between ${from} and ${to} group by document_id having sum(answers) > 0
       order by 2 desc, 1 limit 10) a
      left join documents d on d.workspace_id = ${workspaceId} and d.id = a.document_id
     order by a.answers desc, d.name`)
  // The period's groups counted once, then the most asked and the most often unanswered.
  const groups = await tx.query<QuestionGroup & { rank: 'top' | 'unanswered'; passages: Passage[] | null }>(sql`
    with counted as (
      select group_id, sum(asked)::int as asked, sum(unanswered)::int as unanswered from analytics_questions
       where workspace_id = ${workspaceId} and day between ${from} and ${to} group by group_id),
    picked as (
      (select 'top' as rank, * from counted where asked > 0 order by asked desc, group_id limit ${TOP_GROUPS})
      union all
      (select 'unanswered', * from counted where unanswered > 0 order by unanswered desc, group_id limit ${UNANSWERED_GROUPS}))
    select p.rank, g.id, g.label, p.asked, p.unanswered, g.examples, g.passages
      from picked p join question_groups g on g.workspace_id = ${workspaceId} and g.id = p.group_id
     order by p.rank, case when p.rank = 'top' then p.asked else p.unanswered end desc, g.label`)
  const top = groups.filter((g) => g.rank === 'top')
  const unanswered = groups.filter((g) => g.rank === 'unanswered')
  const comments = await tx.query<Analytics['feedback']['comments'][number]>(sql`
    select m.id as "messageId", m.conversation_id as "conversationId", m.feedback as rating, m.feedback_comment as comment,
           left(q.content, 300) as question, m.feedback_at as at
      from messages m left join messages q on q.workspace_id = m.workspace_id and q.id = m.reply_to
     where m.workspace_id = ${workspaceId} and m.feedback_comment is not null
       and m.feedback_at >= ${from}::date and m.feedback_at < ${until}::date
     order by m.feedback_at desc limit 20`)

  const empty = () => ({ conversations: 0, questions: 0, answers: 0, unanswered: 0, messages: 0, bySource: Object.fromEntries(channels.map((c) => [c, { conversations: 0, messages: 0 }])) as Record<Channel, { conversations: number; messages: number }> })
  const perDay = new Map(eachDay(range).map((day) => [day, { day, ...empty() }]))
  const totals = { conversations: 0, questions: 0, answers: 0, unanswered: 0, failed: 0 }
  const bySource = new Map(channels.map((channel) => [channel, { channel, conversations: 0, messages: 0 }]))
  let up = 0
  let down = 0
  for (const row of days) {
    const day = perDay.get(row.day)
    if (!day) continue
    const messages = row.questions + row.answers
    day.conversations += row.conversations
    day.questions += row.questions
    day.answers += row.answers
    day.unanswered += row.unanswered
    day.messages += messages
    day.bySource[row.channel].conversations += row.conversations
    day.bySource[row.channel].messages += messages
    totals.conversations += row.conversations
    totals.questions += row.questions
    totals.answers += row.answers
    totals.unanswered += row.unanswered
    totals.failed += row.failed
    bySource.get(row.channel)!.conversations += row.conversations
    bySource.get(row.channel)!.messages += messages
    up += row.up
    down += row.down
  }
  const histogram = (metric: 'ttft' | 'total') => latency.filter((row) => row.metric === metric)
  const timing = (metric: 'ttft' | 'total') => ({
    p50: histogramPercentile(histogram(metric), 0.5),
    p95: histogramPercentile(histogram(metric), 0.95),
    answers: histogram(metric).reduce((sum, row) => sum + row.count, 0),
  })
  const group = ({ id, label, asked, unanswered, examples }: QuestionGroup): QuestionGroup => ({ id, label, asked, unanswered, examples })
  return {
    range,
    totals: { ...totals, unansweredRate: ratio(totals.unanswered, totals.answers) },
    perDay: [...perDay.values()],
    bySource: [...bySource.values()],
    topQuestions: top.map(group),
    unansweredQuestions: unanswered.map((row) => ({ ...group(row), passages: row.passages ?? [] })),
    feedback: { up, down, ratio: ratio(up, up + down), comments: comments.map((c) => ({ ...c, at: new Date(c.at).toISOString() })) },
    latency: { ttft: timing('ttft'), total: timing('total') },
    models,
    documents,
  }
}

const PASSAGES = 3

/**
 * The closest passages of each unanswered group, searched once per documents version and
 * kept on the group: a list of what to document next shows what the documents say nearby.
 */
async function fillPassages(workspaceId: string, groups: Analytics['unansweredQuestions']) {
  if (!groups.length) return
  await asService(async (tx) => {
    const [state] = await tx.query<{ version: string }>(sql`
      select count(*) || ':' || coalesce(max(updated_at)::text, '') as version from documents
       where workspace_id = ${workspaceId} and status = 'ready' and not excluded`)
    const current = new Set(
      (await tx.query<{ id: string }>(sql`select id from question_groups where workspace_id = ${workspaceId} and id = any (${groups.map((g) => g.id)}::uuid[]) and passages_version = ${state.version}`)).map((row) => row.id),
    )
    for (const group of groups.filter((g) => !current.has(g.id))) {
      const plan = await planSearch(group.label, 'lexical')
      const results = await searchChunks(tx, workspaceId, group.label, plan, PASSAGES)
      group.passages = results.map((r) => ({ documentId: r.documentId, documentName: r.documentName, text: r.text.slice(0, 400), page: r.page ?? null, score: Math.round(r.score * 1000) / 1000 }))
      await tx.query(sql`update question_groups set passages = ${JSON.stringify(group.passages)}::jsonb, passages_version = ${state.version} where workspace_id = ${workspaceId} and id = ${group.id}`)
    }
  })
}
