import { describe, expect, it } from 'vitest'
import { contentLines, diffLines } from './diff'

describe('diffLines', () => {
  it('keeps common lines and marks the others', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual([
      { op: 'same', text: 'a' },
      { op: 'removed', text: 'b' },
      { op: 'added', text: 'x' },
      { op: 'same', text: 'c' },
      { op: 'added', text: 'd' },
    ])
  })

  it('shows a table’s edited cell as its row changed', () => {
    const before = contentLines('table', { columns: [{ name: 'Mois', type: 'text' }, { name: 'Ventes', type: 'number' }], rows: [['Janvier', 120], ['Février', 95]] })
    const after = contentLines('table', { columns: [{ name: 'Mois', type: 'text' }, { name: 'Ventes', type: 'number' }], rows: [['Janvier', 130], ['Février', 95]] })
    expect(diffLines(before, after).filter((line) => line.op !== 'same')).toEqual([
      { op: 'removed', text: 'Janvier | 120' },
      { op: 'added', text: 'Janvier | 130' },
    ])
  })
})
