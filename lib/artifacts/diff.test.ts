import { describe, expect, it } from 'vitest'
import { contentLines, diffLines, sameContent } from './diff'

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

  it('shows a chart’s new axis labels', () => {
    const data = { columns: [{ name: 'Mois', type: 'text' as const }, { name: 'Ventes', type: 'number' as const }], rows: [['Janvier', 120]] }
    const before = contentLines('chart', { chartType: 'bar', data, x: 'Mois', series: ['Ventes'] })
    const after = contentLines('chart', { chartType: 'bar', data, x: 'Mois', series: ['Ventes'], yLabel: 'Ventes (€)' })
    expect(diffLines(before, after).filter((line) => line.op !== 'same')).toEqual([{ op: 'added', text: 'axis labels:  / Ventes (€)' }])
  })

  it('compares contents whatever the order of their keys', () => {
    expect(sameContent({ rows: [[1, null]], columns: [{ type: 'number', name: 'a' }] }, { columns: [{ name: 'a', type: 'number' }], rows: [[1, null]] })).toBe(true)
    expect(sameContent({ columns: [{ name: 'a' }], rows: [[1]] }, { columns: [{ name: 'a' }], rows: [[2]] })).toBe(false)
  })
})
