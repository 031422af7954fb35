import Link from 'next/link'
import type { ComponentProps, ReactNode } from 'react'

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost'
type Common = { variant?: ButtonVariant; size?: 'md' | 'sm'; block?: boolean }

export function buttonClass({ variant = 'secondary', size = 'md', block = false }: Common, extra?: string) {
  return ['btn', `btn-${variant}`, size === 'sm' && 'btn-sm', block && 'btn-block', extra].filter(Boolean).join(' ')
}

/** A button; `pending` disables it and shows a spinner (and `pendingLabel`, when given). */
export function Button({
  variant,
  size,
  block,
  pending = false,
  pendingLabel,
  className,
  disabled,
  children,
  type = 'button',
  ...props
}: ComponentProps<'button'> & Common & { pending?: boolean; pendingLabel?: ReactNode }) {
  return (
    <button
      type={type}
      className={buttonClass({ variant, size, block }, className)}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      {...props}
    >
      {pending && <span className="spinner" aria-hidden="true" />}
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  )
}

export function ButtonLink({ variant, size, block, className, ...props }: ComponentProps<typeof Link> & Common) {
  return <Link className={buttonClass({ variant, size, block }, className)} {...props} />
}
