import type { ReactNode } from 'react'
import { Icon, type IconName } from './icons'

export function EmptyState({ icon = 'sparkles', title, children, actions }: { icon?: IconName; title: ReactNode; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="empty-state">
      <div className="empty-state-icon" aria-hidden="true">
        <Icon name={icon} size={26} />
      </div>
      <h2>{title}</h2>
      {children}
      {actions && <div className="empty-state-actions">{actions}</div>}
    </div>
  )
}
