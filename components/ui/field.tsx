import { useId, type ComponentProps, type ReactNode } from 'react'

export interface ControlProps {
  id: string
  'aria-describedby'?: string
  'aria-invalid'?: true
}

/**
 * A labelled form control. The control is rendered by `children(props)` so that the label,
 * the hint and the error are wired to it by ids.
 */
export function Field({
  label,
  hint,
  error,
  id,
  className,
  children,
}: {
  label: ReactNode
  hint?: ReactNode
  error?: ReactNode
  id?: string
  className?: string
  children: (control: ControlProps) => ReactNode
}) {
  const generated = useId()
  const controlId = id ?? `field${generated.replace(/[^a-zA-Z0-9_-]/g, '')}`
  const hintId = hint ? `${controlId}-hint` : undefined
  const errorId = error ? `${controlId}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label className="field-label" htmlFor={controlId}>
        {label}
      </label>
      {children({ id: controlId, 'aria-describedby': describedBy, ...(error ? { 'aria-invalid': true as const } : {}) })}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  )
}

export function Input({ className, ...props }: ComponentProps<'input'>) {
  return <input className={['input', className].filter(Boolean).join(' ')} {...props} />
}

export function Textarea({ className, ...props }: ComponentProps<'textarea'>) {
  return <textarea className={['textarea', className].filter(Boolean).join(' ')} {...props} />
}

export function Select({ className, size, ...props }: Omit<ComponentProps<'select'>, 'size'> & { size?: 'md' | 'sm' }) {
  return <select className={['select', size === 'sm' && 'select-sm', className].filter(Boolean).join(' ')} {...props} />
}
