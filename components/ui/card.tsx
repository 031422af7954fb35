import type { ComponentProps, ReactNode } from 'react'

export function Card({ className, tone, ...props }: ComponentProps<'section'> & { tone?: 'danger' }) {
  return <section className={['card', tone === 'danger' && 'card-danger', className].filter(Boolean).join(' ')} {...props} />
}

export function CardHeader({ title, description, actions, level = 2 }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3'
  return (
    <div className="card-header">
      <div>
        <Heading>{title}</Heading>
        {description && <p>{description}</p>}
      </div>
      {actions}
    </div>
  )
}

export function CardBody({ className, ...props }: ComponentProps<'div'>) {
  return <div className={['card-body', className].filter(Boolean).join(' ')} {...props} />
}

export function CardFooter({ className, ...props }: ComponentProps<'div'>) {
  return <div className={['card-footer', className].filter(Boolean).join(' ')} {...props} />
}
