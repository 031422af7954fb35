declare module 'pg/lib/utils' {
  /** node-postgres's serialization of a parameter value (text format, or a Buffer for bytea). */
  export function prepareValue(value: unknown): string | Buffer | null
}
