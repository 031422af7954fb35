import styles from './chat.module.css'

/** The animated dots and what the assistant is doing ("Searching the documents…", "Writing…"). */
export function Thinking({ label, testId }: { label: string; testId?: string }) {
  return (
    <p className={`${styles.thinking} subtle`} data-testid={testId}>
      <span className={styles.dots} aria-hidden="true">
        <span />
        <span />
        <span />
      </span>
      {label}
    </p>
  )
}
