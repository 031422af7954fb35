/** A retrieved passage as every model sees it, numbered for citations ([1], [2], …). */
export interface Source {
  n: number
  documentName: string
  page: number | null
  text: string
}

const attribute = (value: string) => value.replace(/[<>"&]/g, (c) => `&#${c.charCodeAt(0)};`)
const unattribute = (value: string) => value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))

/** The block of sources put into the model's instructions. */
export function formatSources(sources: Source[]): string {
  const items = sources.map(
    (source) =>
      `<source n="${source.n}" document="${attribute(source.documentName)}"${source.page ? ` page="${source.page}"` : ''}>\n${source.text.replace(/<\/source/gi, '< /source')}\n</source>`,
  )
  return `<sources>\n${items.join('\n')}\n</sources>`
}

/** The sources of a prompt written by formatSources (the offline model reads its instructions with it). */
export function parseSources(text: string): Source[] {
  const sources: Source[] = []
  for (const match of text.matchAll(/<source n="(\d+)" document="([^"]*)"(?: page="(\d+)")?>\n([\s\S]*?)\n<\/source>/g)) {
    sources.push({ n: Number(match[1]), documentName: unattribute(match[2]), page: match[3] ? Number(match[3]) : null, text: match[4] })
  }
  return sources
}
