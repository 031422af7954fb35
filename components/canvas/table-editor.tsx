'use client'

import { useRef, useState, type KeyboardEvent } from 'react'
import { columnTypes, type Cell, type Column, type TableContent } from '@/lib/artifacts/schemas'
import { useT } from '@/lib/i18n/client'
import { Button } from '../ui/button'
import { Icon } from '../ui/icons'
import styles from './canvas.module.css'

/** A cell as typed in the grid, back to a value: figures in number columns, "=…" kept as a formula, empty as null. */
function cellValue(text: string, column: Column): Cell {
  const trimmed = text.trim()
  if (!trimmed) return null
  if ((column.type === 'number' || column.type === 'percent') && !trimmed.startsWith('=')) {
    const value = Number(trimmed.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'))
    if (!Number.isNaN(value)) return value
  }
  return text
}

const shown = (cell: Cell) => (cell === null ? '' : String(cell))

function compare(a: Cell, b: Cell): number {
  if (a === null) return b === null ? 0 : 1
  if (b === null) return -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a).localeCompare(String(b), undefined, { numeric: true })
}

/**
 * A table edited in place: cells, column names and types, rows and columns added or removed,
 * sorting. The keyboard works as in a spreadsheet: arrows move between cells, typing replaces a
 * cell, Enter edits it (then keeps the edit and goes down), Escape puts the cell back as it was.
 */
export function TableEditor({ table, onChange }: { table: TableContent; onChange: (table: TableContent) => void }) {
  const t = useT()
  const [sort, setSort] = useState<{ column: number; descending: boolean } | null>(null)
  /** The cell being edited, with its value before the edit (Escape restores it). */
  const [editing, setEditing] = useState<{ r: number; c: number; before: Cell } | null>(null)
  const grid = useRef<HTMLTableElement>(null)
  const { columns, rows } = table

  const putCell = (r: number, c: number, value: Cell) => onChange({ columns, rows: rows.map((row, i) => (i === r ? row.map((cell, j) => (j === c ? value : cell)) : row)) })
  const setCell = (r: number, c: number, text: string) => {
    if (editing?.r !== r || editing.c !== c) setEditing({ r, c, before: rows[r][c] })
    putCell(r, c, cellValue(text, columns[c]))
  }
  const focusCell = (r: number, c: number) => {
    const input = grid.current?.querySelector<HTMLInputElement>(`[data-cell="${Math.max(0, Math.min(r, rows.length - 1))}-${Math.max(0, Math.min(c, columns.length - 1))}"]`)
    input?.focus()
    input?.select()
  }
  const isEditing = (r: number, c: number) => editing?.r === r && editing.c === c
  function onCellKey(event: KeyboardEvent<HTMLInputElement>, r: number, c: number) {
    const input = event.currentTarget
    const move = (dr: number, dc: number) => {
      event.preventDefault()
      setEditing(null)
      focusCell(r + dr, c + dc)
    }
    switch (event.key) {
      case 'ArrowUp':
        return move(-1, 0)
      case 'ArrowDown':
        return move(1, 0)
      case 'ArrowLeft':
      case 'ArrowRight':
        // While editing, the arrows move the caret inside the cell.
        if (isEditing(r, c)) return
        return move(0, event.key === 'ArrowLeft' ? -1 : 1)
      case 'Enter':
        if (isEditing(r, c)) return move(event.shiftKey ? -1 : 1, 0)
        event.preventDefault()
        setEditing({ r, c, before: rows[r][c] })
        input.setSelectionRange(input.value.length, input.value.length)
        return
      case 'Escape':
        if (!isEditing(r, c)) return
        // Cancels the edit; the canvas stays open.
        event.preventDefault()
        putCell(r, c, editing!.before)
        setEditing(null)
        requestAnimationFrame(() => input.select())
        return
    }
  }
  const setColumn = (c: number, patch: Partial<Column>) => onChange({ columns: columns.map((column, j) => (j === c ? { ...column, ...patch } : column)), rows })
  const addRow = () => onChange({ columns, rows: [...rows, columns.map(() => null)] })
  const removeRow = (r: number) => onChange({ columns, rows: rows.filter((_, i) => i !== r) })
  const addColumn = () => onChange({ columns: [...columns, { name: t('canvas.newColumn', { n: columns.length + 1 }), type: 'text' }], rows: rows.map((row) => [...row, null]) })
  const removeColumn = (c: number) => columns.length > 1 && onChange({ columns: columns.filter((_, j) => j !== c), rows: rows.map((row) => row.filter((_, j) => j !== c)) })
  const sortBy = (c: number) => {
    const descending = sort?.column === c ? !sort.descending : false
    setSort({ column: c, descending })
    onChange({ columns, rows: [...rows].sort((a, b) => (descending ? -1 : 1) * compare(a[c], b[c])) })
  }

  return (
    <div className={styles.tableWrap}>
      <table className={styles.grid} ref={grid} data-testid="canvas-table">
        <thead>
          <tr>
            {columns.map((column, c) => (
              <th key={c} scope="col" aria-sort={sort?.column === c ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                <div className={styles.columnHead}>
                  <input className={styles.cellInput} value={column.name} aria-label={t('canvas.columnName', { n: c + 1 })} onChange={(e) => setColumn(c, { name: e.target.value })} />
                  <button type="button" className={styles.iconButton} onClick={() => sortBy(c)} aria-label={t('canvas.sort', { name: column.name })} title={t('canvas.sort', { name: column.name })}>
                    {sort?.column === c ? (sort.descending ? '↓' : '↑') : '↕'}
                  </button>
                  <button type="button" className={styles.iconButton} onClick={() => removeColumn(c)} disabled={columns.length === 1} aria-label={t('canvas.removeColumn', { name: column.name })} title={t('canvas.removeColumn', { name: column.name })}>
                    <Icon name="x" size={12} />
                  </button>
                </div>
                <select className={styles.typeSelect} value={column.type} aria-label={t('canvas.columnType', { n: c + 1 })} onChange={(e) => setColumn(c, { type: e.target.value as Column['type'] })}>
                  {columnTypes.map((type) => (
                    <option key={type} value={type}>
                      {t(`canvas.type.${type}`)}
                    </option>
                  ))}
                </select>
              </th>
            ))}
            <th aria-hidden="true" />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => (
                <td key={c} className={columns[c]?.type === 'text' ? undefined : styles.numeric}>
                  <input
                    className={styles.cellInput}
                    value={shown(cell)}
                    aria-label={t('canvas.cell', { row: r + 1, column: columns[c]?.name ?? '' })}
                    onChange={(e) => setCell(r, c, e.target.value)}
                    onKeyDown={(e) => onCellKey(e, r, c)}
                    onFocus={(e) => e.currentTarget.select()}
                    onBlur={() => isEditing(r, c) && setEditing(null)}
                    data-editing={isEditing(r, c) || undefined}
                    data-cell={`${r}-${c}`}
                    data-testid={`cell-${r}-${c}`}
                  />
                </td>
              ))}
              <td className={styles.rowActions}>
                <button type="button" className={styles.iconButton} onClick={() => removeRow(r)} aria-label={t('canvas.removeRow', { n: r + 1 })} title={t('canvas.removeRow', { n: r + 1 })}>
                  <Icon name="trash" size={12} />
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className={styles.gridActions}>
        <Button size="sm" variant="ghost" onClick={addRow} data-testid="add-row">
          <Icon name="plus" size={12} />
          {t('canvas.addRow')}
        </Button>
        <Button size="sm" variant="ghost" onClick={addColumn} data-testid="add-column">
          <Icon name="plus" size={12} />
          {t('canvas.addColumn')}
        </Button>
      </div>
    </div>
  )
}
