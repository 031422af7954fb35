import Link from 'next/link'
import { Icon } from './ui/icons'

export function Brand({ href = '/', name }: { href?: string; name: string }) {
  return (
    <Link href={href} className="brand">
      <span className="brand-mark" aria-hidden="true">
        <Icon name="logo" size={18} />
      </span>
      <span className="brand-text">{name}</span>
    </Link>
  )
}
