import { ButtonLink, EmptyState, type IconName } from '@/components/ui'

/** The honest empty state of a feature that is not built yet. */
export function FeaturePlaceholder({
  heading,
  icon,
  title,
  body,
  next,
  action,
}: {
  heading: string
  icon: IconName
  title: string
  body: string
  next: string
  action?: { href: string; label: string }
}) {
  return (
    <>
      <div className="page-header">
        <h1>{heading}</h1>
      </div>
      <EmptyState
        icon={icon}
        title={title}
        actions={action && <ButtonLink href={action.href} variant="secondary">{action.label}</ButtonLink>}
      >
        <p>{body}</p>
        <p className="subtle">{next}</p>
      </EmptyState>
    </>
  )
}
