import type { ReactNode } from 'react'
import { Icon } from './icons'

export type AlertTone = 'info' | 'success' | 'warning' | 'danger'

const icons = { info: 'info', success: 'check', warning: 'alert', danger: 'alert' } as const

/**
 * An inline message. Errors use role="alert" (announced at once), others role="status".
 * Render it always (with `children` null when empty) when it should announce changes.
 */
export function Alert({ tone = 'info', title, children, id }: { tone?: AlertTone; title?: ReactNode; children?: ReactNode; id?: string }) {
  if (!children && !title) return null
  return (
    <div className={`alert alert-${tone}`} role={tone === 'danger' ? 'alert' : 'status'} id={id}>
      <span className="alert-icon" aria-hidden="true">
        <Icon name={icons[tone]} size={16} />
      </span>
      <div>
        {title && <p className="alert-title">{title}</p>}
        {children && <div>{children}</div>}
      </div>
    </div>
  )
}
