/**
 * The workspace of the chat benches (bench:chat, bench:compat): `total` chunks of realistic
 * text in French and English documents of `perDocument` chunks, indexed and published as the
 * indexer does, written straight to the database (the upload pipeline is not what is measured).
 */
export async function seedChunks(ws: string, paragraph: (sentences: number) => string, random: () => number, total = 10_000, perDocument = 50): Promise<void> {
  const { asService, sql } = await import('../lib/db')
  const { indexChunks, publishGeneration } = await import('../lib/documents/indexer')
  for (let d = 0; d < total / perDocument; d++) {
    const language = d % 2 ? 'fr' : 'en'
    const documentId = crypto.randomUUID()
    let offset = 0
    const chunks = Array.from({ length: perDocument }, (_, ordinal) => {
      const text = paragraph(3 + Math.floor(random() * 4))
      offset += text.length + 2
      return { ordinal, text, headingPath: [`Section ${1 + Math.floor(ordinal / 10)}`], page: null, start: offset - text.length - 2, end: offset - 2, table: null }
    })
    await asService(async (tx) => {
      await tx.query(sql`insert into documents (id, workspace_id, name, type, size_bytes, status, generation, language)
                         values (${documentId}, ${ws}, ${`document-${d}.md`}, 'markdown', ${offset}, 'ready', 1, ${language})`)
      await indexChunks(tx, { workspaceId: ws, documentId, generation: 1, language, title: `Document ${d}` }, chunks, null)
      await publishGeneration(tx, ws, documentId, 1)
    })
  }
}
