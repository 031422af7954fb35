/**
 * Parameterized SQL as a tagged template: values become $n parameters, nested
 * fragments are spliced in with their parameters renumbered. Both drivers run the result.
 */
export class Sql {
  constructor(
    readonly text: string,
    readonly values: readonly unknown[],
  ) {}
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  let text = strings[0]
  const params: unknown[] = []
  values.forEach((value, i) => {
    if (value instanceof Sql) {
      text += value.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + params.length}`)
      params.push(...value.values)
    } else {
      params.push(value)
      text += `$${params.length}`
    }
    text += strings[i + 1]
  })
  return new Sql(text, params)
}

/** Joins fragments with a separator, e.g. the SET list of an update. */
sql.join = (fragments: Sql[], separator = ', '): Sql =>
  fragments.reduce<Sql | null>((acc, fragment) => (acc ? sql`${acc}${new Sql(separator, [])}${fragment}` : fragment), null) ?? new Sql('', [])

/** Static SQL text known at build time (never user input). */
sql.raw = (text: string): Sql => new Sql(text, [])
