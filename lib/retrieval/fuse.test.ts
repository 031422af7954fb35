import { describe, expect, it } from 'vitest'
import { fuse } from '.'

const ranked = (...ids: number[]) => ids.map((chunkId, i) => ({ chunkId, score: 100 - i }))

describe('reciprocal rank fusion', () => {
  it('puts first what both rankings place high, whatever their score scales', () => {
    const lexical = ranked(1, 2, 3, 4)
    const vector = [{ chunkId: 3, score: 0.91 }, { chunkId: 1, score: 0.9 }, { chunkId: 9, score: 0.5 }]
    const fused = fuse([lexical, vector], 10)
    expect(fused.map((r) => r.chunkId)).toEqual([1, 3, 2, 9, 4])
    expect(fused[0].score).toBeCloseTo(1 / 61 + 1 / 62)
  })

  it('keeps the limit and breaks ties by id, so results are stable', () => {
    expect(fuse([ranked(5, 6), ranked(6, 5)], 1).map((r) => r.chunkId)).toEqual([5])
    expect(fuse([[], []], 5)).toEqual([])
  })
})
