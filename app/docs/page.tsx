import type { Metadata } from 'next'
import { Brand } from '@/components/brand'
import { LocaleSwitch } from '@/components/locale-switch'
import { Badge, ButtonLink, Card } from '@/components/ui'
import { openApiDocument } from '@/lib/api/openapi'
import { getT } from '@/lib/i18n/server'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('docs.title') }
}

/** The parts of the OpenAPI document this page reads. */
interface Parameter {
  name: string
  in: string
  required?: boolean
  schema?: unknown
}
interface Response {
  description: string
  content?: Record<string, { schema?: unknown }>
}
interface Operation {
  tags?: string[]
  summary?: string
  description?: string
  operationId?: string
  security?: Record<string, unknown>[]
  parameters?: Parameter[]
  requestBody?: { content?: Record<string, { schema?: unknown }> }
  responses?: Record<string, Response>
}
interface OpenApi {
  info: { title: string; version: string; description?: string }
  tags?: { name: string }[]
  paths: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, unknown> }
}

const methodOrder = ['get', 'post', 'put', 'patch', 'delete']
const json = (value: unknown) => JSON.stringify(value, null, 2)
const anchor = (value: string) => value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')

/** `code` spans of the API's descriptions, rendered as code. */
function Rich({ text }: { text: string }) {
  return (
    <>
      {text.split(/(`[^`]+`)/g).map((part, index) =>
        part.startsWith('`') && part.endsWith('`') && part.length > 1 ? (
          <code key={index} className="inline-code">
            {part.slice(1, -1)}
          </code>
        ) : (
          part
        ),
      )}
    </>
  )
}

export default async function DocsPage() {
  const t = await getT()
  const doc = openApiDocument() as OpenApi

  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .sort(([a], [b]) => methodOrder.indexOf(a) - methodOrder.indexOf(b))
      .map(([method, op]) => ({ path, method, op, id: op.operationId ?? anchor(`${method}-${path}`) })),
  )
  const tags = [...new Set([...(doc.tags ?? []).map((tag) => tag.name), ...operations.map((o) => o.op.tags?.[0] ?? 'Other')])]
  const byTag = tags.map((tag) => ({ tag, items: operations.filter((o) => (o.op.tags?.[0] ?? 'Other') === tag) })).filter((group) => group.items.length)

  const authLabel = (op: Operation) => {
    const schemes = (op.security ?? []).flatMap((entry) => Object.keys(entry))
    if (!schemes.length) return t('docs.auth.none')
    return schemes.map((scheme) => (scheme === 'session' ? t('docs.auth.session') : scheme === 'secretKey' ? t('docs.auth.secretKey') : scheme === 'publicKey' ? t('docs.auth.publicKey') : scheme)).join(' · ')
  }

  return (
    <>
      <a href="#main" className="skip-link">
        {t('common.skipToContent')}
      </a>
      <header className="topbar">
        <Brand href="/" name={t('app.name')} />
        <div className="topbar-actions">
          <LocaleSwitch />
          <ButtonLink href="/workspaces" variant="secondary" size="sm">
            {t('docs.backToApp')}
          </ButtonLink>
        </div>
      </header>
      <main id="main" className="page" style={{ maxWidth: 1180 }}>
        <div className="page-header">
          <div>
            <h1>
              {t('docs.title')} <Badge tone="neutral">v{doc.info.version}</Badge>
            </h1>
            <p>{t('docs.intro')}</p>
          </div>
          <ButtonLink href="/api/openapi.json" variant="secondary" prefetch={false}>
            {t('docs.openapi')}
          </ButtonLink>
        </div>

        <div className="docs-layout">
          <nav className="docs-toc" aria-label={t('docs.contents')}>
            <strong>{t('docs.contents')}</strong>
            <ul>
              <li>
                <a href="#conventions">{t('docs.conventions')}</a>
              </li>
              {byTag.map(({ tag }) => (
                <li key={tag}>
                  <a href={`#tag-${anchor(tag)}`}>{tag}</a>
                </li>
              ))}
            </ul>
          </nav>

          <div className="stack-lg">
            <Card id="conventions" className="op docs-tag">
              <h2>{t('docs.conventions')}</h2>
              {doc.info.description && (
                <p className="muted" style={{ marginTop: 'var(--space-3)' }}>
                  <Rich text={doc.info.description} />
                </p>
              )}
              {doc.components?.schemas?.Error !== undefined && (
                <>
                  <h4>{t('docs.errorShape')}</h4>
                  <pre className="json">{json(doc.components.schemas.Error)}</pre>
                </>
              )}
            </Card>

            {byTag.map(({ tag, items }) => (
              <section key={tag} id={`tag-${anchor(tag)}`} className="docs-tag stack" aria-labelledby={`tag-${anchor(tag)}-title`}>
                <h2 id={`tag-${anchor(tag)}-title`}>{tag}</h2>
                {items.map(({ path, method, op, id }) => {
                  const responses = Object.entries(op.responses ?? {})
                  const successes = responses.filter(([status]) => status.startsWith('2'))
                  const errors = responses.filter(([status]) => !status.startsWith('2'))
                  const body = op.requestBody?.content ? Object.entries(op.requestBody.content)[0] : undefined
                  return (
                    <Card key={id} id={id} className="op" aria-labelledby={`${id}-title`}>
                      <div className="op-head">
                        <span className={`method method-${method}`}>{method.toUpperCase()}</span>
                        <span className="op-path">{path}</span>
                      </div>
                      <h3 id={`${id}-title`}>{op.summary}</h3>
                      {op.description && (
                        <p className="muted" style={{ marginTop: 'var(--space-2)' }}>
                          <Rich text={op.description} />
                        </p>
                      )}
                      <p className="subtle" style={{ marginTop: 'var(--space-2)' }}>
                        <strong>{t('docs.auth')}:</strong> {authLabel(op)}
                      </p>

                      {op.parameters && op.parameters.length > 0 && (
                        <>
                          <h4>{t('docs.parameters')}</h4>
                          <div className="table-wrap">
                            <table className="table">
                              <thead>
                                <tr>
                                  <th scope="col">{t('docs.param.name')}</th>
                                  <th scope="col">{t('docs.param.in')}</th>
                                  <th scope="col">{t('docs.param.required')}</th>
                                  <th scope="col">{t('docs.param.schema')}</th>
                                </tr>
                              </thead>
                              <tbody>
                                {op.parameters.map((param) => (
                                  <tr key={`${param.in}-${param.name}`}>
                                    <td>
                                      <code className="inline-code">{param.name}</code>
                                    </td>
                                    <td>{param.in}</td>
                                    <td>{param.required ? t('docs.yes') : t('docs.no')}</td>
                                    <td>
                                      <code className="mono" style={{ whiteSpace: 'pre-wrap' }}>
                                        {JSON.stringify(param.schema)}
                                      </code>
                                    </td>
                                  </tr>
                                ))}
                              </tbody>
                            </table>
                          </div>
                        </>
                      )}

                      {body && (
                        <>
                          <h4>
                            {t('docs.requestBody')} <span className="subtle">({body[0]})</span>
                          </h4>
                          <pre className="json">{json(body[1].schema)}</pre>
                        </>
                      )}

                      <h4>{t('docs.responses')}</h4>
                      {successes.map(([status, response]) => (
                        <div key={status} className="response-block stack" style={{ gap: 'var(--space-2)' }}>
                          <p>
                            <Badge tone="success">{status}</Badge> <Rich text={response.description} />
                          </p>
                          {response.content &&
                            Object.entries(response.content).map(([type, content]) => (
                              <pre key={type} className="json">
                                {content.schema ? json(content.schema) : type}
                              </pre>
                            ))}
                        </div>
                      ))}

                      {errors.length > 0 && (
                        <>
                          <h4>{t('docs.errors')}</h4>
                          <ul className="stack" style={{ gap: 'var(--space-2)', listStyle: 'none', padding: 0, margin: 0 }}>
                            {errors.map(([status, response]) => (
                              <li key={status}>
                                <Badge tone={status.startsWith('5') ? 'danger' : 'warning'}>{status}</Badge> <Rich text={response.description} />
                              </li>
                            ))}
                          </ul>
                        </>
                      )}
                    </Card>
                  )
                })}
              </section>
            ))}
          </div>
        </div>
      </main>
    </>
  )
}
