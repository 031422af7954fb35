'use client'

import { useState, type FormEvent } from 'react'
import type { Rule } from '@/lib/alerts/rules'
import { useT } from '@/lib/i18n/client'
import { callApi } from '../api'
import { Alert } from '../ui/alert'
import { Badge } from '../ui/badge'
import { Button } from '../ui/button'
import { Card, CardBody, CardHeader } from '../ui/card'
import { Field, Input } from '../ui/field'
import { useApiAction } from '../use-api-action'

/** One card per alert rule: on or off, threshold, window (and minimum answers for the unanswered rate). */
export function RulesForm({ workspaceId, rules }: { workspaceId: string; rules: Rule[] }) {
  const t = useT()
  return (
    <div className="stack-lg">
      <p className="muted">{t('rules.description')}</p>
      {rules.map((rule) => (
        <RuleCard key={rule.kind} workspaceId={workspaceId} initial={rule} />
      ))}
    </div>
  )
}

function RuleCard({ workspaceId, initial }: { workspaceId: string; initial: Rule }) {
  const t = useT()
  const action = useApiAction()
  const [rule, setRule] = useState(initial)
  const rate = rule.kind === 'unanswered_rate'
  const [draft, setDraft] = useState(() => fields(initial))

  function fields(from: Rule) {
    return { enabled: from.enabled, threshold: String(rate ? Math.round(from.threshold * 100) : from.threshold), windowMinutes: String(from.windowMinutes), minSamples: String(from.minSamples) }
  }

  async function save(body: Record<string, unknown>) {
    const result = await action.run(
      () => callApi<Rule>(`/api/workspaces/${workspaceId}/alert-rules/${rule.kind}`, { method: 'PATCH', body, fallbackMessage: action.fallback }),
      t('common.saved'),
    )
    if (result) {
      setRule(result.data)
      setDraft(fields(result.data))
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    const threshold = Number(draft.threshold)
    void save({
      enabled: draft.enabled,
      threshold: rate ? threshold / 100 : threshold,
      windowMinutes: Number(draft.windowMinutes),
      ...(rate ? { minSamples: Number(draft.minSamples) } : {}),
    })
  }

  const id = `rule-${rule.kind}`
  return (
    <Card aria-labelledby={`${id}-title`}>
      <CardHeader
        title={<span id={`${id}-title`}>{t(`alerts.kind.${rule.kind}`)}</span>}
        actions={<Badge tone={rule.custom ? 'brand' : 'neutral'}>{rule.custom ? t('rules.custom') : t('rules.default')}</Badge>}
      />
      <CardBody>
        <form onSubmit={submit} className="stack" data-testid={id}>
          <p className="subtle">{t(`rules.help.${rule.kind}`)}</p>
          {action.error && <Alert tone="danger">{action.error}</Alert>}
          {action.success && <Alert tone="success">{action.success}</Alert>}
          <label className="row">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} />
            {t('rules.enabled')}
          </label>
          <div className="form-grid">
            {rule.kind !== 'document_failures' && (
              <Field label={rate ? t('rules.thresholdRate') : t('rules.threshold')}>
                {(control) => (
                  <Input {...control} type="number" min={rate ? 0 : 1} max={rate ? 100 : undefined} step={1} required value={draft.threshold} onChange={(e) => setDraft({ ...draft, threshold: e.target.value })} />
                )}
              </Field>
            )}
            <Field label={t('rules.window')}>
              {(control) => <Input {...control} type="number" min={5} max={10080} step={1} required value={draft.windowMinutes} onChange={(e) => setDraft({ ...draft, windowMinutes: e.target.value })} />}
            </Field>
            {rate && (
              <Field label={t('rules.minSamples')}>
                {(control) => <Input {...control} type="number" min={1} step={1} required value={draft.minSamples} onChange={(e) => setDraft({ ...draft, minSamples: e.target.value })} />}
              </Field>
            )}
          </div>
          <div className="row">
            <Button type="submit" variant="primary" pending={action.pending}>
              {t('common.save')}
            </Button>
            {rule.custom && (
              <Button variant="ghost" onClick={() => save({ reset: true })} disabled={action.pending}>
                {t('rules.reset')}
              </Button>
            )}
          </div>
        </form>
      </CardBody>
    </Card>
  )
}
