import { ApiError } from '../api/errors'
import { exportFormatsByKind, type Artifact, type ArtifactExportFormat, type ChartContent, type CodeContent, type ConversationExportFormat, type DocumentContent, type TableContent } from '../artifacts/schemas'
import { codeFence } from '../artifacts/kinds'
import { chartSvg } from '../charts/svg'
import { dictionaries } from '../i18n/dictionaries'
import { translator, type Locale, type Translate } from '../i18n'
import type { ConversationExport, ExportMessage } from './conversation'
import { download } from './download'
import { htmlPage } from './html'
import { escapeHtml, markdownToHtml, parseMarkdown, toText } from './markdown'
import { PdfWriter } from './pdf'
import { svgToPng } from './png'
import { displayCell, tableCsv, tableHtml, tableMarkdown, xlsxStream, type Sheet } from './table'

/** Every download: an artifact in one format, a conversation, several artifacts in one workbook. */

const tableOf = (artifact: Artifact): TableContent => (artifact.kind === 'chart' ? (artifact.content as ChartContent).data : (artifact.content as TableContent))

/** An artifact as Markdown (its table, its text, its code in a fence). */
function artifactMarkdown(artifact: Artifact): string {
  switch (artifact.kind) {
    case 'table':
    case 'chart':
      return tableMarkdown(tableOf(artifact))
    case 'document':
      return (artifact.content as DocumentContent).markdown
    case 'code': {
      const { language, code } = artifact.content as CodeContent
      return codeFence(language, code)
    }
  }
}

/** An artifact's body as safe HTML. */
function artifactHtml(artifact: Artifact): string {
  switch (artifact.kind) {
    case 'table':
      return tableHtml(tableOf(artifact))
    case 'chart':
      return `${chartSvg(artifact.content as ChartContent)}\n${tableHtml(tableOf(artifact))}`
    case 'document':
      return markdownToHtml((artifact.content as DocumentContent).markdown)
    case 'code': {
      const { language, code } = artifact.content as CodeContent
      return `<pre><code class="language-${escapeHtml(language)}">${escapeHtml(code)}</code></pre>`
    }
  }
}

const tableSheet = (artifact: Artifact): Sheet => ({ name: artifact.title, columns: tableOf(artifact).columns, rows: tableOf(artifact).rows })

// One formatter per language: making one costs more than formatting hundreds of dates.
const dateFormats = new Map<Locale, Intl.DateTimeFormat>()
const dateTime = (locale: Locale, date: Date) => {
  const format = dateFormats.get(locale) ?? new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
  dateFormats.set(locale, format)
  return `${format.format(date)} UTC`
}

export async function exportArtifact(artifact: Artifact, format: ArtifactExportFormat, locale: Locale = 'en'): Promise<Response> {
  if (!exportFormatsByKind[artifact.kind].includes(format)) {
    throw new ApiError('bad_request:export', `A ${artifact.kind} can be downloaded as ${exportFormatsByKind[artifact.kind].join(', ')}, not ${format}.`)
  }
  const title = artifact.title
  switch (format) {
    case 'xlsx':
      return download(xlsxStream([tableSheet(artifact)]), title, 'xlsx')
    case 'csv':
      return download(tableCsv(tableOf(artifact)), title, 'csv')
    case 'md':
      return download(`# ${title}\n\n${artifactMarkdown(artifact)}\n`, title, 'md')
    case 'html':
      return download(htmlPage(title, locale, `<h1>${escapeHtml(title)}</h1>\n${artifactHtml(artifact)}`), title, 'html')
    case 'svg':
      return download(chartSvg(artifact.content as ChartContent, { title }), title, 'svg')
    case 'png':
      return download(new Uint8Array(svgToPng(chartSvg(artifact.content as ChartContent, { title }), 1440)), title, 'png')
    case 'pdf': {
      const pdf = new PdfWriter({ title, subtitle: dateTime(locale, new Date(artifact.updatedAt)), language: locale, t: translator(dictionaries[locale]) })
      pdf.artifact(artifact)
      return download(new Uint8Array(await pdf.finish()), title, 'pdf')
    }
  }
}

/** Several artifacts, one sheet each (a chart's sheet holds its data), in one streamed workbook. */
export function exportWorkbook(artifacts: Artifact[]): Response {
  const sheets: Sheet[] = artifacts.map((artifact) => {
    if (artifact.kind === 'table' || artifact.kind === 'chart') return tableSheet(artifact)
    const text = artifact.kind === 'document' ? (artifact.content as DocumentContent).markdown : (artifact.content as CodeContent).code
    return { name: artifact.title, columns: [{ name: artifact.title, type: 'text' }], rows: text.split('\n').map((line) => [line]) }
  })
  const title = artifacts.length === 1 ? artifacts[0].title : `Monitora export ${new Date().toISOString().slice(0, 10)}`
  return download(xlsxStream(sheets), title, 'xlsx')
}

// ——— Conversations ———

const roleLabel = (t: Translate, message: ExportMessage) => (message.role === 'user' ? t('export.you') : t('export.assistant'))

const citationLine = (citation: ExportMessage['citations'][number]) =>
  `[${citation.n}] ${citation.documentName}${citation.page ? `, p. ${citation.page}` : ''} — ${citation.text.replace(/\s+/g, ' ').slice(0, 240)}`

function artifactsByMessage(data: ConversationExport) {
  const byMessage = new Map<string, Artifact[]>()
  const loose: Artifact[] = []
  const known = new Set(data.messages.map((m) => m.id))
  for (const artifact of data.artifacts) {
    if (artifact.messageId && known.has(artifact.messageId)) byMessage.set(artifact.messageId, [...(byMessage.get(artifact.messageId) ?? []), artifact])
    else loose.push(artifact)
  }
  return { byMessage, loose }
}

function conversationMarkdown(data: ConversationExport, t: Translate, locale: Locale): string {
  const { byMessage, loose } = artifactsByMessage(data)
  const out = [`# ${data.title}`, '', `${t('export.subtitle', { workspace: data.workspaceName, date: dateTime(locale, data.exportedAt) })}`, '']
  const artifactMd = (artifact: Artifact) => [`### ${artifact.title}`, '', artifactMarkdown(artifact), '']
  for (const message of data.messages) {
    out.push(`## ${roleLabel(t, message)} · ${dateTime(locale, message.createdAt)}${message.model && message.role === 'assistant' ? ` · ${message.model}` : ''}`, '', message.text || `_${t('export.noText')}_`, '')
    if (message.citations.length) out.push(`**${t('export.sources')}**`, '', ...message.citations.map((c) => `${citationLine(c).replace(/^\[(\d+)\]/, '$1.')}`), '')
    for (const artifact of byMessage.get(message.id) ?? []) out.push(...artifactMd(artifact))
  }
  if (loose.length) out.push(`## ${t('export.artifacts')}`, '', ...loose.flatMap(artifactMd))
  return out.join('\n')
}

/** An artifact as plain text: a table's rows tab-separated, a document's text, the code. */
function artifactText(artifact: Artifact): string {
  switch (artifact.kind) {
    case 'table':
    case 'chart': {
      const table = tableOf(artifact)
      return [table.columns.map((column) => column.name), ...table.rows.map((row) => row.map((cell, i) => displayCell(cell, table.columns[i])))].map((cells) => cells.join('\t')).join('\n')
    }
    case 'document':
      return toText(parseMarkdown((artifact.content as DocumentContent).markdown)).trim()
    case 'code':
      return (artifact.content as CodeContent).code
  }
}

function conversationText(data: ConversationExport, t: Translate, locale: Locale): string {
  const { byMessage, loose } = artifactsByMessage(data)
  const artifactLines = (artifact: Artifact) => [`— ${artifact.title} —`, artifactText(artifact), '']
  const out = [data.title, t('export.subtitle', { workspace: data.workspaceName, date: dateTime(locale, data.exportedAt) }), '']
  for (const message of data.messages) {
    out.push(`${roleLabel(t, message)} — ${dateTime(locale, message.createdAt)}`, toText(parseMarkdown(message.text)).trim(), '')
    if (message.citations.length) out.push(`${t('export.sources')}:`, ...message.citations.map(citationLine), '')
    for (const artifact of byMessage.get(message.id) ?? []) out.push(...artifactLines(artifact))
  }
  if (loose.length) out.push(t('export.artifacts'), '', ...loose.flatMap(artifactLines))
  return out.join('\n')
}

function conversationHtml(data: ConversationExport, t: Translate, locale: Locale): string {
  const { byMessage, loose } = artifactsByMessage(data)
  const artifactBlock = (artifact: Artifact) => `<section class="artifact"><h3>${escapeHtml(artifact.title)}</h3>\n${artifactHtml(artifact)}</section>`
  const body = [
    `<h1>${escapeHtml(data.title)}</h1>`,
    `<p class="meta">${escapeHtml(t('export.subtitle', { workspace: data.workspaceName, date: dateTime(locale, data.exportedAt) }))}</p>`,
    ...data.messages.map((message) =>
      [
        `<article class="message"><div><span class="role">${escapeHtml(roleLabel(t, message))}</span><span class="time">${escapeHtml(dateTime(locale, message.createdAt))}</span></div>`,
        markdownToHtml(message.text),
        message.citations.length ? `<div class="sources"><strong>${escapeHtml(t('export.sources'))}</strong><ol>${message.citations.map((c) => `<li value="${c.n}">${escapeHtml(citationLine(c).replace(/^\[\d+\] /, ''))}</li>`).join('')}</ol></div>` : '',
        ...(byMessage.get(message.id) ?? []).map(artifactBlock),
        '</article>',
      ].join('\n'),
    ),
    ...(loose.length ? [`<h2>${escapeHtml(t('export.artifacts'))}</h2>`, ...loose.map(artifactBlock)] : []),
  ]
  return htmlPage(data.title, locale, body.join('\n'))
}

function conversationXlsx(data: ConversationExport, t: Translate): ReadableStream<Uint8Array> {
  const messages: Sheet = {
    name: t('export.sheet.messages'),
    columns: [
      { name: t('export.column.time'), type: 'date' },
      { name: t('export.column.role'), type: 'text' },
      { name: t('export.column.model'), type: 'text' },
      { name: t('export.column.latency'), type: 'number' },
      { name: t('export.column.text'), type: 'text' },
      { name: t('export.column.citations'), type: 'text' },
    ],
    rows: data.messages.map((m) => [m.createdAt.toISOString(), roleLabel(t, m), m.model, m.role === 'assistant' ? m.totalMs : null, m.text, m.citations.map(citationLine).join('\n') || null]),
  }
  const tables = data.artifacts.filter((a) => a.kind === 'table' || a.kind === 'chart').map(tableSheet)
  return xlsxStream([messages, ...tables])
}

async function conversationPdf(data: ConversationExport, t: Translate, locale: Locale): Promise<Buffer> {
  const { byMessage, loose } = artifactsByMessage(data)
  const pdf = new PdfWriter({ title: data.title, subtitle: t('export.subtitle', { workspace: data.workspaceName, date: dateTime(locale, data.exportedAt) }), language: locale, t })
  const artifactBlock = (artifact: Artifact) => {
    pdf.heading(artifact.title, 4)
    pdf.artifact(artifact)
  }
  for (const message of data.messages) {
    pdf.keep(60)
    pdf.rule()
    pdf.text([
      { text: `${roleLabel(t, message)}  `, style: { bold: true } },
      { text: `${dateTime(locale, message.createdAt)}${message.model && message.role === 'assistant' ? ` · ${message.model}` : ''}`, style: { size: 8.5, color: '#6b7280' } },
    ])
    pdf.gap(3)
    if (message.text) pdf.markdown(message.text)
    else pdf.text([{ text: t('export.noText'), style: { color: '#6b7280' } }], { size: 9 })
    if (message.citations.length) pdf.text([{ text: t('export.sources'), style: { bold: true } }, { text: `\n${message.citations.map(citationLine).join('\n')}` }], { size: 9, color: '#6b7280' })
    for (const artifact of byMessage.get(message.id) ?? []) artifactBlock(artifact)
    pdf.gap(10)
  }
  if (loose.length) {
    pdf.heading(t('export.artifacts'), 2)
    loose.forEach(artifactBlock)
  }
  return pdf.finish()
}

export async function exportConversation(data: ConversationExport, format: ConversationExportFormat, locale: Locale = 'en'): Promise<Response> {
  const t = translator(dictionaries[locale])
  switch (format) {
    case 'md':
      return download(conversationMarkdown(data, t, locale), data.title, 'md')
    case 'txt':
      return download(conversationText(data, t, locale), data.title, 'txt')
    case 'html':
      return download(conversationHtml(data, t, locale), data.title, 'html')
    case 'json':
      return download(JSON.stringify({ ...data, format: 'monitora.conversation/1' }, null, 2), data.title, 'json')
    case 'xlsx':
      return download(conversationXlsx(data, t), data.title, 'xlsx')
    case 'pdf':
      return download(new Uint8Array(await conversationPdf(data, t, locale)), data.title, 'pdf')
  }
}
