import { embedder } from '../ai/embeddings'
import { asService, sql } from '../db'
import type { QuestionGroup } from './schemas'

/**
 * With an embedding model, groups whose labels mean the same ("How much does the enterprise plan
 * cost?", "What is the price of the enterprise plan?") are shown as one: the lexical groups stay as
 * they were assigned, and the ones on screen are merged when their labels' embeddings have a cosine
 * of at least SAME_MEANING. Each label is embedded once and kept on its group. Without a model, or
 * when it fails, the lexical groups are shown as they are.
 */
export const SAME_MEANING = 0.88

const cosine = (a: number[], b: number[]) => {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i]
    na += a[i] * a[i]
    nb += b[i] * b[i]
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0
}

export async function mergeByMeaning<G extends QuestionGroup>(workspaceId: string, groups: G[], order: 'asked' | 'unanswered'): Promise<G[]> {
  const model = embedder()
  if (!model || groups.length < 2) return groups
  let vectors: Map<string, number[]>
  try {
    vectors = await labelEmbeddings(workspaceId, groups, model)
  } catch (error) {
    console.warn(`[analytics] grouping by meaning skipped: ${(error as Error).message}`)
    return groups
  }
  const kept: G[] = []
  for (const group of groups) {
    const vector = vectors.get(group.id)
    const same = vector && kept.find((k) => vectors.has(k.id) && cosine(vectors.get(k.id)!, vector) >= SAME_MEANING)
    if (!same) {
      kept.push({ ...group })
      continue
    }
    same.asked += group.asked
    same.unanswered += group.unanswered
    same.examples = [...new Set([...same.examples, group.label, ...group.examples])].slice(0, 3)
  }
  return kept.sort((a, b) => b[order] - a[order])
}

async function labelEmbeddings(workspaceId: string, groups: QuestionGroup[], model: NonNullable<ReturnType<typeof embedder>>) {
  const ids = groups.map((g) => g.id)
  const stored = await asService((tx) =>
    tx.query<{ id: string; vector: number[] }>(sql`
      select id, label_embedding as vector from question_groups
       where workspace_id = ${workspaceId} and id = any (${ids}::uuid[]) and embedding_model = ${model.id} and label_embedding is not null`),
  )
  const vectors = new Map(stored.map((row) => [row.id, row.vector]))
  const missing = groups.filter((g) => !vectors.has(g.id))
  if (missing.length) {
    const embedded = await model.embed(missing.map((g) => g.label))
    missing.forEach((g, i) => vectors.set(g.id, embedded[i]))
    await asService((tx) =>
      tx.query(sql`
        update question_groups g set label_embedding = e.vector, embedding_model = ${model.id}
          from jsonb_to_recordset(${JSON.stringify(missing.map((g, i) => ({ id: g.id, vector: embedded[i] })))}::jsonb) as e(id uuid, vector jsonb)
         where g.workspace_id = ${workspaceId} and g.id = e.id`),
    )
  }
  return vectors
}
