'use client'

import { useRouter } from 'next/navigation'
import { useState, type FormEvent, type KeyboardEvent } from 'react'
import { useT } from '@/lib/i18n/client'
import { callApi } from '../api'
import { Alert } from '../ui/alert'
import { Button } from '../ui/button'
import { Card, CardBody, CardFooter, CardHeader } from '../ui/card'
import { Field, Input, Select, Textarea } from '../ui/field'
import { useApiAction } from '../use-api-action'

interface WidgetSettings {
  title: string
  greeting: string
  color: string
  position: 'bottom-right' | 'bottom-left'
  language: 'auto' | 'en' | 'fr'
  avatarUrl: string | null
  visitorMessagesPerMinute: number
  ipMessagesPerMinute: number
}

const positions = ['bottom-right', 'bottom-left'] as const
const languages = ['auto', 'en', 'fr'] as const
const hex = /^#[0-9a-fA-F]{6}$/

export function WidgetSettingsForm({
  workspaceId,
  canEdit,
  initialDomains,
  initialWidget,
}: {
  workspaceId: string
  canEdit: boolean
  initialDomains: string[]
  initialWidget: WidgetSettings
}) {
  const t = useT()
  const router = useRouter()
  const { pending, error, success, run, fallback, setError } = useApiAction()
  const [domains, setDomains] = useState(initialDomains)
  const [draft, setDraft] = useState('')
  const [draftError, setDraftError] = useState<string | null>(null)
  const [widget, setWidget] = useState(initialWidget)
  const [colorText, setColorText] = useState(initialWidget.color)
  const disabled = !canEdit || pending

  const update = <K extends keyof WidgetSettings>(key: K, value: WidgetSettings[K]) => setWidget((current) => ({ ...current, [key]: value }))

  function addDomain() {
    const value = draft.trim()
    if (!value) return
    if (domains.some((domain) => domain.toLowerCase() === value.toLowerCase())) {
      setDraftError(t('widget.domainDuplicate', { domain: value }))
      return
    }
    setDomains((current) => [...current, value])
    setDraft('')
    setDraftError(null)
  }

  function onDraftKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault()
      addDomain()
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    // A domain typed but not added yet is saved too.
    const pendingDraft = draft.trim()
    const allowedDomains = pendingDraft && !domains.includes(pendingDraft) ? [...domains, pendingDraft] : domains
    if (!hex.test(widget.color)) {
      setError(t('widget.colorHex') + ': #4f46e5')
      return
    }
    const saved = await run(
      () =>
        callApi<{ allowedDomains: string[]; widget: WidgetSettings }>(`/api/workspaces/${workspaceId}`, {
          method: 'PATCH',
          body: {
            allowedDomains,
            widget: {
              title: widget.title.trim() || undefined,
              greeting: widget.greeting.trim(),
              color: widget.color.toLowerCase(),
              position: widget.position,
              language: widget.language,
              avatarUrl: widget.avatarUrl?.trim() || null,
              visitorMessagesPerMinute: widget.visitorMessagesPerMinute,
              ipMessagesPerMinute: widget.ipMessagesPerMinute,
            },
          },
          fallbackMessage: fallback,
        }),
      t('common.saved'),
    )
    if (saved) {
      setDomains(saved.data.allowedDomains)
      setDraft('')
      setWidget(saved.data.widget)
      setColorText(saved.data.widget.color)
      router.refresh()
    }
  }

  return (
    <form onSubmit={submit} className="stack-lg">
      {!canEdit && <Alert tone="info">{t('common.readOnly')}</Alert>}

      <Card>
        <CardHeader title={t('widget.domains')} description={t('widget.domainsHint')} />
        <CardBody className="stack">
          {domains.length === 0 ? (
            <Alert tone="warning">{t('widget.domainsEmpty')}</Alert>
          ) : (
            <ul className="chips" aria-label={t('widget.domains')}>
              {domains.map((domain) => (
                <li key={domain} className="chip">
                  <span>{domain}</span>
                  <button
                    type="button"
                    className="chip-remove"
                    aria-label={t('widget.domainRemove', { domain })}
                    title={t('widget.domainRemove', { domain })}
                    disabled={disabled}
                    onClick={() => setDomains((current) => current.filter((d) => d !== domain))}
                  >
                    <span aria-hidden="true">×</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {canEdit && (
            <div className="inline-form">
              <Field label={t('widget.domainInput')} error={draftError}>
                {(control) => (
                  <Input
                    {...control}
                    placeholder="example.com"
                    autoComplete="off"
                    spellCheck={false}
                    maxLength={260}
                    disabled={disabled}
                    value={draft}
                    onChange={(e) => {
                      setDraft(e.target.value)
                      setDraftError(null)
                    }}
                    onKeyDown={onDraftKey}
                  />
                )}
              </Field>
              <Button variant="secondary" onClick={addDomain} disabled={disabled || !draft.trim()} style={{ alignSelf: draftError ? 'center' : 'flex-end' }}>
                {t('widget.domainAdd')}
              </Button>
            </div>
          )}
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t('widget.limits')} description={t('widget.limitsHint')} />
        <CardBody>
          <fieldset disabled={disabled} className="form-grid">
            <Field label={t('widget.visitorLimit')}>
              {(control) => (
                <Input {...control} type="number" min={1} max={1000} required value={widget.visitorMessagesPerMinute} onChange={(e) => update('visitorMessagesPerMinute', Number(e.target.value))} />
              )}
            </Field>
            <Field label={t('widget.ipLimit')}>
              {(control) => (
                <Input {...control} type="number" min={1} max={10000} required value={widget.ipMessagesPerMinute} onChange={(e) => update('ipMessagesPerMinute', Number(e.target.value))} />
              )}
            </Field>
          </fieldset>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t('widget.appearance')} description={t('widget.description')} />
        <CardBody>
          <fieldset disabled={disabled} className="form-grid">
            <Field label={t('widget.widgetTitle')}>
              {(control) => <Input {...control} maxLength={60} required value={widget.title} onChange={(e) => update('title', e.target.value)} />}
            </Field>
            <div className="field">
              <span className="field-label" id="widget-color-label">
                {t('widget.color')}
              </span>
              <div className="row" style={{ flexWrap: 'nowrap' }}>
                <input
                  type="color"
                  className="input-color"
                  aria-labelledby="widget-color-label"
                  value={hex.test(widget.color) ? widget.color : '#4f46e5'}
                  onChange={(e) => {
                    update('color', e.target.value)
                    setColorText(e.target.value)
                  }}
                />
                <Input
                  aria-label={t('widget.colorHex')}
                  className="mono"
                  maxLength={7}
                  spellCheck={false}
                  value={colorText}
                  aria-invalid={hex.test(colorText) ? undefined : true}
                  onChange={(e) => {
                    setColorText(e.target.value)
                    update('color', e.target.value)
                  }}
                />
              </div>
            </div>
            <Field label={t('widget.avatar')} hint={t('widget.avatarHint')} className="span-2">
              {(control) => (
                <Input {...control} type="url" placeholder="https://" maxLength={500} value={widget.avatarUrl ?? ''} onChange={(e) => update('avatarUrl', e.target.value)} />
              )}
            </Field>
            <Field label={t('widget.greeting')} hint={t('widget.greetingHint')} className="span-2">
              {(control) => <Textarea {...control} rows={3} maxLength={500} style={{ minHeight: 84 }} value={widget.greeting} onChange={(e) => update('greeting', e.target.value)} />}
            </Field>
            <Field label={t('widget.position')}>
              {(control) => (
                <Select {...control} value={widget.position} onChange={(e) => update('position', e.target.value as WidgetSettings['position'])}>
                  {positions.map((position) => (
                    <option key={position} value={position}>
                      {t(`widget.position.${position}`)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label={t('widget.language')}>
              {(control) => (
                <Select {...control} value={widget.language} onChange={(e) => update('language', e.target.value as WidgetSettings['language'])}>
                  {languages.map((language) => (
                    <option key={language} value={language}>
                      {t(`widget.language.${language}`)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <div className="field span-2">
              <span className="field-label">{t('widget.preview')}</span>
              <WidgetPreview widget={widget} />
            </div>
          </fieldset>
        </CardBody>
        {canEdit && (
          <CardFooter>
            {error && <Alert tone="danger">{error}</Alert>}
            {success && <Alert tone="success">{success}</Alert>}
            <Button type="submit" variant="primary" pending={pending} pendingLabel={t('common.saving')}>
              {t('common.save')}
            </Button>
          </CardFooter>
        )}
      </Card>
    </form>
  )
}

/** The widget as visitors will see it, open, following the form as it is edited. */
function WidgetPreview({ widget }: { widget: WidgetSettings }) {
  const t = useT()
  const color = hex.test(widget.color) ? widget.color : '#4f46e5'
  const side = widget.position === 'bottom-left' ? { left: 16 } : { right: 16 }
  return (
    <div className="widget-preview" aria-hidden="true" data-testid="widget-preview">
      <div className="widget-preview-panel" style={side}>
        <div className="widget-preview-head" style={{ background: color }}>
          {widget.avatarUrl?.startsWith('https://') && (
            // eslint-disable-next-line @next/next/no-img-element -- any https image the admin names, as the widget shows it
            <img src={widget.avatarUrl} alt="" className="widget-preview-avatar" />
          )}
          {widget.title || 'Assistant'}
        </div>
        <div className="widget-preview-log">
          {widget.greeting.trim() && <div className="widget-preview-greeting">{widget.greeting}</div>}
        </div>
        <div className="widget-preview-input">{t('widgetApp.placeholder')}</div>
      </div>
      <div className="widget-preview-bubble" style={{ background: color, ...side }} />
    </div>
  )
}
