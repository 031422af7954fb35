import type { ReactNode } from 'react'
import { Button } from './button'

/** An inline "are you sure?" row under a table row, with cancel and the confirming action. */
export function ConfirmRow(props: {
  colSpan: number
  label: string
  message: ReactNode
  confirmLabel: string
  cancelLabel: string
  tone?: 'danger' | 'primary'
  pending: boolean
  onConfirm: () => void
  onCancel: () => void
}) {
  return (
    <tr className="confirm-row">
      <td colSpan={props.colSpan}>
        <div className="confirm-bar" role="group" aria-label={props.label}>
          <span>{props.message}</span>
          <span className="row" style={{ gap: 'var(--space-2)' }}>
            <Button size="sm" variant="ghost" onClick={props.onCancel} disabled={props.pending}>
              {props.cancelLabel}
            </Button>
            <Button size="sm" variant={props.tone ?? 'danger'} pending={props.pending} onClick={props.onConfirm} autoFocus>
              {props.confirmLabel}
            </Button>
          </span>
        </div>
      </td>
    </tr>
  )
}
