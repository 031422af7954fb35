'use client'

import { useEffect, useMemo, useRef, useState } from 'react'
import { contentLines, diffLines, sameContent } from '@/lib/artifacts/diff'
import { exportFormatsByKind, type Artifact, type ArtifactKind, type ArtifactVersion, type ChartContent, type CodeContent, type DocumentContent, type TableContent } from '@/lib/artifacts/schemas'
import { useLocale, useT } from '@/lib/i18n/client'
import { ApiRequestError, errorMessage } from '../api'
import { Alert } from '../ui/alert'
import { Badge } from '../ui/badge'
import { Button } from '../ui/button'
import { Icon } from '../ui/icons'
import { ChartEditor } from './chart-editor'
import { TableEditor } from './table-editor'
import { TextEditor } from './text-editor'
import type { Canvas } from './use-canvas'
import styles from './canvas.module.css'

/** A download started from a menu closes it. */
const closeMenu = (event: { currentTarget: HTMLElement }) => {
  const menu = event.currentTarget.closest('details')
  if (menu) menu.open = false
}

/** A createArtifact call whose arguments are still streaming: shown as it fills. */
export interface ArtifactDraft {
  toolCallId: string
  kind?: ArtifactKind
  title?: string
  content?: unknown
}

/**
 * The canvas beside the chat: the conversation's artifacts, the one shown edited in place
 * (every save a new version), its history with a diff and restore, and its downloads.
 */
export function CanvasPanel({ canvas, drafts, onClose }: { canvas: Canvas; drafts: ArtifactDraft[]; onClose: () => void }) {
  const t = useT()
  const heading = useRef<HTMLHeadingElement>(null)
  const { artifacts, active } = canvas
  const [failure, setFailure] = useState<string | null>(null)

  useEffect(() => {
    heading.current?.focus({ preventScroll: true })
  }, [])

  /** Every artifact of the conversation in one workbook (a POST, so fetched and saved by hand). */
  async function downloadAll() {
    setFailure(null)
    try {
      const response = await fetch(`/api/workspaces/${artifacts[0].workspaceId}/exports`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ artifactIds: artifacts.map((artifact) => artifact.id) }),
      })
      if (!response.ok) throw new Error(((await response.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? response.statusText)
      const name = /filename\*=UTF-8''([^;]+)/.exec(response.headers.get('content-disposition') ?? '')?.[1]
      const link = document.createElement('a')
      link.href = URL.createObjectURL(await response.blob())
      link.download = name ? decodeURIComponent(name) : 'export.xlsx'
      link.click()
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000)
    } catch (error) {
      setFailure(t('canvas.downloadAllFailed', { reason: errorMessage(error, t('common.unexpectedError')) }))
    }
  }

  return (
    <aside className={styles.canvas} aria-labelledby="canvas-title" data-testid="canvas" onKeyDown={(e) => e.key === 'Escape' && !e.defaultPrevented && (e.preventDefault(), onClose())}>
      <header className={styles.header}>
        <h2 id="canvas-title" ref={heading} tabIndex={-1} className={styles.heading}>
          {t('canvas.title')}
        </h2>
        {artifacts.length > 1 && (
          <select className={`select ${styles.picker}`} aria-label={t('canvas.list')} value={active?.id ?? ''} onChange={(e) => canvas.show(e.target.value)} data-testid="canvas-select">
            {artifacts.map((artifact) => (
              <option key={artifact.id} value={artifact.id}>
                {t(`canvas.kind.${artifact.kind}`)} · {artifact.title}
              </option>
            ))}
          </select>
        )}
        {artifacts.length > 1 && (
          <button type="button" className={styles.iconButton} onClick={downloadAll} aria-label={t('canvas.downloadAll')} title={t('canvas.downloadAll')} data-testid="canvas-download-all">
            <Icon name="upload" size={14} />
          </button>
        )}
        <button type="button" className={styles.iconButton} onClick={onClose} aria-label={t('canvas.close')} title={t('canvas.close')} data-testid="canvas-close">
          <Icon name="x" size={16} />
        </button>
      </header>
      <div className={styles.body}>
        {drafts.map((draft) => (
          <DraftView key={draft.toolCallId} draft={draft} />
        ))}
        {canvas.loadFailed && <Alert tone="danger">{t('canvas.loadFailed')}</Alert>}
        {failure && <Alert tone="danger">{failure}</Alert>}
        {active && <ArtifactView key={`${active.id}`} artifact={active} canvas={canvas} />}
      </div>
    </aside>
  )
}

function DraftView({ draft }: { draft: ArtifactDraft }) {
  const t = useT()
  const content = (draft.content ?? {}) as Partial<TableContent & DocumentContent & CodeContent>
  return (
    <section className={styles.draft} aria-busy="true" data-testid="canvas-draft">
      <p className={styles.draftTitle}>
        <span className="spinner" aria-hidden="true" />
        {draft.title ?? (draft.kind ? t(`canvas.kind.${draft.kind}`) : '…')} — {t('canvas.generating')}
      </p>
      {Array.isArray(content.columns) && (
        <table className={styles.grid}>
          <thead>
            <tr>{content.columns.map((column, i) => <th key={i}>{typeof column === 'object' && column ? String(column.name ?? '') : ''}</th>)}</tr>
          </thead>
          <tbody>
            {(Array.isArray(content.rows) ? content.rows : []).map((row, r) => (
              <tr key={r}>{Array.isArray(row) && row.map((cell, c) => <td key={c}>{cell === null || cell === undefined ? '' : String(cell)}</td>)}</tr>
            ))}
          </tbody>
        </table>
      )}
      {typeof content.markdown === 'string' && <pre className={styles.draftText}>{content.markdown}</pre>}
      {typeof content.code === 'string' && <pre className={styles.draftText}>{content.code}</pre>}
    </section>
  )
}

function ArtifactView({ artifact, canvas }: { artifact: Artifact; canvas: Canvas }) {
  const t = useT()
  const locale = useLocale()
  const [edited, setEdited] = useState<Artifact['content'] | null>(null)
  const [saving, setSaving] = useState(false)
  const [notice, setNotice] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null)
  const [history, setHistory] = useState(false)
  // An edit undone by hand (a cell put back with Escape) leaves nothing to save.
  const dirty = useMemo(() => edited !== null && !sameContent(edited, artifact.content), [edited, artifact.content])
  const content = dirty ? edited! : artifact.content
  const fallback = t('common.unexpectedError')

  async function save() {
    setSaving(true)
    try {
      const saved = await canvas.save(artifact, edited)
      setEdited(null)
      setNotice({ tone: 'success', text: t('canvas.saved', { n: saved.version }) })
    } catch (error) {
      const conflict = error instanceof ApiRequestError && error.status === 409
      setNotice({ tone: 'danger', text: conflict ? t('canvas.conflict') : t('canvas.saveFailed', { reason: errorMessage(error, fallback) }) })
    } finally {
      setSaving(false)
    }
  }

  async function makeChart() {
    const table = content as TableContent
    const numeric = table.columns.filter((column) => column.type === 'number' || column.type === 'percent').map((column) => column.name)
    const x = table.columns.find((column) => column.type === 'text' || column.type === 'date')?.name ?? table.columns[0].name
    const series = numeric.filter((name) => name !== x)
    try {
      await canvas.create({ kind: 'chart', title: artifact.title, messageId: artifact.messageId ?? undefined, content: { chartType: 'bar', data: table, x, series: series.length ? series : [table.columns.at(-1)!.name] } })
    } catch (error) {
      setNotice({ tone: 'danger', text: errorMessage(error, fallback) })
    }
  }

  return (
    <section className={styles.artifact} aria-label={artifact.title} data-testid="canvas-artifact" data-kind={artifact.kind} data-version={artifact.version}>
      <div className={styles.artifactHead}>
        <ArtifactTitle artifact={artifact} canvas={canvas} onFailure={(reason) => setNotice({ tone: 'danger', text: t('canvas.renameFailed', { reason }) })} />
        <Badge tone="neutral">
          <span data-testid="canvas-version">{t('canvas.version', { n: artifact.version })}</span> · {artifact.author === 'model' ? t('canvas.byModel') : t('canvas.byPerson')}
        </Badge>
      </div>
      <div className={styles.toolbar}>
        {dirty && (
          <>
            <Button size="sm" variant="primary" pending={saving} onClick={save} data-testid="canvas-save">
              {t('canvas.save')}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setEdited(null)} disabled={saving}>
              {t('canvas.discard')}
            </Button>
          </>
        )}
        <Button size="sm" variant="ghost" aria-expanded={history} onClick={() => setHistory((on) => !on)} data-testid="canvas-history-toggle">
          <Icon name="clock" size={13} />
          {t('canvas.history')}
        </Button>
        {artifact.kind === 'table' && !dirty && (
          <Button size="sm" variant="ghost" onClick={makeChart} data-testid="canvas-make-chart">
            <Icon name="analytics" size={13} />
            {t('canvas.chart.make')}
          </Button>
        )}
        <details className={styles.menu}>
          <summary className="btn btn-ghost btn-sm" data-testid="canvas-download">
            {t('canvas.download')}
          </summary>
          <ul className={styles.menuList}>
            {exportFormatsByKind[artifact.kind].map((format) => (
              <li key={format}>
                <a href={`/api/artifacts/${artifact.id}/export?format=${format}&lang=${locale}`} download onClick={closeMenu} data-testid={`download-${format}`}>
                  {t('canvas.downloadAs', { format: format.toUpperCase() })}
                </a>
              </li>
            ))}
          </ul>
        </details>
        <Button size="sm" variant="ghost" onClick={() => void canvas.remove(artifact.id).catch((error) => setNotice({ tone: 'danger', text: errorMessage(error, fallback) }))} aria-label={t('canvas.delete')} title={t('canvas.delete')}>
          <Icon name="trash" size={13} />
        </Button>
      </div>
      {notice && (
        <p className={notice.tone === 'danger' ? styles.error : styles.ok} role="status" data-testid="canvas-notice">
          {notice.text}
        </p>
      )}
      {history && <History artifact={artifact} canvas={canvas} onRestored={(text) => (setEdited(null), setNotice({ tone: 'success', text }))} />}
      {artifact.kind === 'table' && <TableEditor table={content as TableContent} onChange={setEdited} />}
      {artifact.kind === 'chart' && <ChartEditor chart={content as ChartContent} title={artifact.title} onChange={setEdited} />}
      {artifact.kind === 'document' && <TextEditor value={(content as DocumentContent).markdown} language={null} onChange={(markdown) => setEdited({ markdown })} />}
      {artifact.kind === 'code' && <TextEditor value={(content as CodeContent).code} language={(content as CodeContent).language} onChange={(code) => setEdited({ ...(content as CodeContent), code })} />}
    </section>
  )
}

/** The title, renamed in place: Enter or leaving the field keeps the new one, Escape the old one. */
function ArtifactTitle({ artifact, canvas, onFailure }: { artifact: Artifact; canvas: Canvas; onFailure: (reason: string) => void }) {
  const t = useT()
  const [draft, setDraft] = useState<string | null>(null)
  const fallback = t('common.unexpectedError')
  const pencil = useRef<HTMLButtonElement>(null)

  async function commit() {
    const title = draft?.trim()
    setDraft(null)
    pencil.current?.focus()
    if (!title || title === artifact.title) return
    try {
      await canvas.rename(artifact, title)
    } catch (error) {
      onFailure(errorMessage(error, fallback))
    }
  }

  if (draft !== null) {
    return (
      <input
        className={`input ${styles.titleInput}`}
        value={draft}
        maxLength={200}
        autoFocus
        aria-label={t('canvas.renameLabel')}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            void commit()
          } else if (e.key === 'Escape') {
            e.preventDefault()
            setDraft(null)
            requestAnimationFrame(() => pencil.current?.focus())
          }
        }}
        data-testid="canvas-title-input"
      />
    )
  }
  return (
    <h3 className={styles.title}>
      <span data-testid="canvas-artifact-title">{artifact.title}</span>
      <button ref={pencil} type="button" className={styles.iconButton} onClick={() => setDraft(artifact.title)} aria-label={t('canvas.rename')} title={t('canvas.rename')} data-testid="canvas-rename">
        <Icon name="pencil" size={12} />
      </button>
    </h3>
  )
}

function History({ artifact, canvas, onRestored }: { artifact: Artifact; canvas: Canvas; onRestored: (text: string) => void }) {
  const t = useT()
  const locale = useLocale()
  const [versions, setVersions] = useState<ArtifactVersion[] | null>(null)
  const [selected, setSelected] = useState<number | null>(null)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const fallback = t('common.unexpectedError')

  useEffect(() => {
    let alive = true
    canvas
      .versions(artifact.id)
      .then((items) => {
        if (!alive) return
        setVersions(items)
        setSelected((current) => current ?? items.find((v) => v.version !== artifact.version)?.version ?? null)
      })
      .catch((e) => alive && setError(errorMessage(e, fallback)))
    return () => {
      alive = false
    }
  }, [artifact.id, artifact.version, canvas, fallback])

  const chosen = versions?.find((v) => v.version === selected)
  const diff = chosen ? diffLines(contentLines(artifact.kind, chosen.content), contentLines(artifact.kind, artifact.content)) : []

  async function restore() {
    if (!chosen) return
    setPending(true)
    try {
      const restored = await canvas.restore(artifact, chosen.version)
      onRestored(t('canvas.restored', { n: chosen.version, m: restored.version }))
    } catch (e) {
      setError(errorMessage(e, fallback))
    } finally {
      setPending(false)
    }
  }

  const when = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso))
  return (
    <div className={styles.history} data-testid="canvas-history">
      {error && <Alert tone="danger">{error}</Alert>}
      {versions && (
        <>
          <ol className={styles.versions}>
            {versions.map((v) => (
              <li key={v.version}>
                <label className={styles.check}>
                  <input type="radio" name={`version-${artifact.id}`} checked={selected === v.version} disabled={v.version === artifact.version} onChange={() => setSelected(v.version)} data-testid={`version-${v.version}`} />
                  {t('canvas.version', { n: v.version })} · {v.author === 'model' ? t('canvas.byModel') : t('canvas.byPerson')} · {when(v.createdAt)}
                  {v.restoredFrom !== null && ` · ${t('canvas.restoredFrom', { n: v.restoredFrom })}`}
                </label>
              </li>
            ))}
          </ol>
          {chosen && (
            <>
              <p className="subtle">{t('canvas.diff', { from: chosen.version })}</p>
              <pre className={styles.diff} data-testid="canvas-diff">
                {diff.some((line) => line.op !== 'same')
                  ? diff.map((line, i) => (
                      <span key={i} className={line.op === 'added' ? styles.added : line.op === 'removed' ? styles.removed : undefined}>
                        {line.op === 'added' ? '+ ' : line.op === 'removed' ? '- ' : '  '}
                        {line.text}
                        {'\n'}
                      </span>
                    ))
                  : t('canvas.noChanges')}
              </pre>
              <Button size="sm" variant="secondary" pending={pending} onClick={restore} data-testid="canvas-restore">
                {t('canvas.restore')}
              </Button>
            </>
          )}
        </>
      )}
    </div>
  )
}

/** The conversation's downloads, in the chat's header. */
export function ConversationExportMenu({ conversationId }: { conversationId: string }) {
  const t = useT()
  const locale = useLocale()
  return (
    <details className={styles.menu}>
      <summary className="btn btn-ghost btn-sm" data-testid="conversation-export">
        {t('export.menu')}
      </summary>
      <ul className={`${styles.menuList} ${styles.menuRight}`}>
        {(['pdf', 'xlsx', 'md', 'html', 'txt', 'json'] as const).map((format) => (
          <li key={format}>
            <a href={`/api/conversations/${conversationId}/export?format=${format}&lang=${locale}`} download onClick={closeMenu} title={t('export.conversationAs', { format: format.toUpperCase() })} data-testid={`export-${format}`}>
              {format.toUpperCase()}
            </a>
          </li>
        ))}
      </ul>
    </details>
  )
}
