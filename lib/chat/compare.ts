import type { UIMessageChunk } from 'ai'
import { answerStream, type AnswerJob, type AnswerMetadata } from './answer'
import { producedStream } from './stream'

/**
 * Several models answer one question side by side. Each answer runs (and is saved) exactly as
 * a single answer does; this stream carries them as `data-candidate` parts, one id per answer,
 * re-sent as their text grows (a client keeps the latest of each id), with their timings.
 */

export interface Candidate {
  answerId: string
  model: string
  text: string
  status: 'streaming' | AnswerMetadata['status']
  errorCode: string | null
  ttftMs: number | null
  totalMs: number | null
  usage: AnswerMetadata['usage'] | null
}

const UPDATE_EVERY_MS = 50

export function compareStream(jobs: AnswerJob[]): ReadableStream<UIMessageChunk> {
  const readers = jobs.map((job) => answerStream(job).getReader())
  return producedStream<UIMessageChunk>(
    async (send) => {
      for (const citation of jobs[0]?.citations ?? []) send({ type: 'data-citation', id: `cit-${citation.n}`, data: citation })

      const update = (candidate: Candidate) => send({ type: 'data-candidate', id: candidate.answerId, data: { ...candidate } })
      const follow = async (job: AnswerJob, reader: ReadableStreamDefaultReader<UIMessageChunk>) => {
        const candidate: Candidate = { answerId: job.answerId, model: job.model.id, text: '', status: 'streaming', errorCode: null, ttftMs: null, totalMs: null, usage: null }
        update(candidate)
        let sentAt = 0
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          if (value.type === 'text-delta') {
            candidate.ttftMs ??= Math.round(performance.now() - job.startedAt)
            candidate.text += value.delta
            if (performance.now() - sentAt >= UPDATE_EVERY_MS) {
              sentAt = performance.now()
              update(candidate)
            }
          } else if (value.type === 'finish') {
            const metadata = value.messageMetadata as AnswerMetadata
            Object.assign(candidate, { status: metadata.status, errorCode: metadata.errorCode, ttftMs: metadata.ttftMs, totalMs: metadata.totalMs, usage: metadata.usage })
          }
        }
        update(candidate)
        return candidate
      }
      const candidates = await Promise.all(jobs.map((job, i) => follow(job, readers[i])))
      send({ type: 'finish', finishReason: 'stop', messageMetadata: { candidates: candidates.map(({ text: _text, ...rest }) => rest) } })
    },
    // Each answer's own stream stops its model and saves what it wrote.
    (reason) => Promise.all(readers.map((reader) => reader.cancel(reason).catch(() => undefined))),
  )
}
