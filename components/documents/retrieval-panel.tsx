'use client'

import { useState, type FormEvent } from 'react'
import { useLocale, useT } from '@/lib/i18n/client'
import { callApi } from '../api'
import { Alert } from '../ui/alert'
import { Button } from '../ui/button'
import { Badge } from '../ui/badge'
import { Card, CardBody } from '../ui/card'
import { Field, Input } from '../ui/field'
import { useApiAction } from '../use-api-action'
import { highlightParts, questionWords, type SearchResult } from './format'
import styles from './documents.module.css'

interface SearchResponse {
  results: SearchResult[]
  mode: 'lexical' | 'vector' | 'hybrid'
  tookMs: number
}

/** Ask a question, see the passages retrieval would hand to the assistant. */
export function RetrievalPanel({ workspaceId, searchable }: { workspaceId: string; searchable: boolean }) {
  const t = useT()
  const locale = useLocale()
  const search = useApiAction()
  const [query, setQuery] = useState('')
  const [answer, setAnswer] = useState<(SearchResponse & { query: string }) | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const asked = query.trim()
    if (!asked) return
    const result = await search.run(() =>
      callApi<SearchResponse>(`/api/workspaces/${workspaceId}/search`, { method: 'POST', body: { query: asked, limit: 8 }, fallbackMessage: search.fallback }),
    )
    if (result) setAnswer({ ...result.data, query: asked })
  }

  const words = answer ? questionWords(answer.query) : []
  const score = (value: number) => new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 3 }).format(value)

  return (
    <Card aria-labelledby="retrieval-heading">
      <div className="card-header">
        <div>
          <h2 id="retrieval-heading">{t('documents.search.title')}</h2>
          <p>{t('documents.search.description')}</p>
        </div>
      </div>
      <CardBody className="stack">
        <form onSubmit={submit} className={styles.searchForm} role="search" aria-labelledby="retrieval-heading">
          <Field label={t('documents.search.question')}>
            {(control) => (
              <Input {...control} type="search" name="query" maxLength={2000} placeholder={t('documents.search.placeholder')} value={query} onChange={(e) => setQuery(e.target.value)} />
            )}
          </Field>
          <Button type="submit" variant="primary" pending={search.pending} disabled={!query.trim()}>
            {t('documents.search.submit')}
          </Button>
        </form>

        <div aria-live="polite" className="stack">
          {search.error ? (
            <Alert tone="danger">{search.error}</Alert>
          ) : !answer ? (
            <p className="subtle">{searchable ? t('documents.search.idle') : t('documents.search.noDocuments')}</p>
          ) : answer.results.length === 0 ? (
            <Alert tone="info">{searchable ? t('documents.search.noResults', { query: answer.query }) : t('documents.search.noDocuments')}</Alert>
          ) : (
            <>
              <p className="subtle" data-testid="search-summary">
                {t('documents.search.summary', { count: answer.results.length, mode: t(`documents.search.mode.${answer.mode}`), ms: Math.round(answer.tookMs) })}
              </p>
              <ol className={styles.results} aria-label={t('documents.search.results')}>
                {answer.results.map((result, index) => (
                  <li key={result.chunkId} className={styles.result} data-testid="search-result">
                    <span className={styles.rank} aria-label={t('documents.search.rank', { n: index + 1 })}>
                      {index + 1}
                    </span>
                    <div>
                      <div className={styles.resultHead}>
                        <span className={styles.resultDoc}>{result.documentName}</span>
                        {result.page !== null && <span className={styles.resultMeta}>{t('documents.search.page', { page: result.page })}</span>}
                        {result.headingPath.length > 0 && <span className={styles.resultMeta}>{result.headingPath.join(' › ')}</span>}
                        <Badge>{t('documents.search.score', { score: score(result.score) })}</Badge>
                      </div>
                      <p className={styles.passage}>
                        {highlightParts(result.text, words).map((part) => (part.mark ? <mark key={part.at}>{part.text}</mark> : <span key={part.at}>{part.text}</span>))}
                      </p>
                    </div>
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      </CardBody>
    </Card>
  )
}
