'use client'

import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { useT } from '@/lib/i18n/client'
import { callApi } from '../api'
import { Alert } from '../ui/alert'
import { Button } from '../ui/button'
import { Card, CardBody, CardFooter, CardHeader } from '../ui/card'
import { Field, Input, Select, Textarea } from '../ui/field'
import { useApiAction } from '../use-api-action'

interface General {
  name: string
  systemPrompt: string
  model: string | null
  temperature: number
}

/** A model of the registry, as the picker lists it. */
export interface ModelChoice {
  id: string
  label: string
}

export function GeneralSettingsForm({
  workspaceId,
  canEdit,
  initial,
  models,
  installationDefault,
}: {
  workspaceId: string
  canEdit: boolean
  initial: General
  models: ModelChoice[]
  installationDefault: string
}) {
  const t = useT()
  const router = useRouter()
  const { pending, error, success, run, fallback } = useApiAction()
  const [name, setName] = useState(initial.name)
  const [systemPrompt, setSystemPrompt] = useState(initial.systemPrompt)
  const [model, setModel] = useState(initial.model ?? '')
  const [temperature, setTemperature] = useState(String(initial.temperature))

  async function submit(event: FormEvent) {
    event.preventDefault()
    const saved = await run(
      () =>
        callApi<General>(`/api/workspaces/${workspaceId}`, {
          method: 'PATCH',
          body: { name: name.trim(), systemPrompt, model: model.trim() === '' ? null : model.trim(), temperature: Number(temperature) },
          fallbackMessage: fallback,
        }),
      t('common.saved'),
    )
    if (saved) {
      setName(saved.data.name)
      setModel(saved.data.model ?? '')
      setTemperature(String(saved.data.temperature))
      router.refresh()
    }
  }

  return (
    <form onSubmit={submit}>
      <Card>
        <CardHeader title={t('general.title')} description={t('general.description')} />
        <CardBody className="stack">
          {!canEdit && <Alert tone="info">{t('common.readOnly')}</Alert>}
          <fieldset disabled={!canEdit || pending} className="form-grid">
            <Field label={t('general.name')} className="span-2">
              {(control) => <Input {...control} name="name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />}
            </Field>
            <Field label={t('general.systemPrompt')} hint={t('general.systemPromptHint')} className="span-2">
              {(control) => (
                <Textarea {...control} name="systemPrompt" rows={8} maxLength={8000} value={systemPrompt} onChange={(e) => setSystemPrompt(e.target.value)} />
              )}
            </Field>
            <Field label={t('general.model')} hint={t('general.modelHint')}>
              {(control) => (
                <Select {...control} name="model" value={model} onChange={(e) => setModel(e.target.value)}>
                  <option value="">{t('general.modelDefault', { model: installationDefault })}</option>
                  {models.map((choice) => (
                    <option key={choice.id} value={choice.id}>
                      {choice.label}
                    </option>
                  ))}
                  {model && !models.some((choice) => choice.id === model) && <option value={model}>{t('general.modelUnavailable', { model })}</option>}
                </Select>
              )}
            </Field>
            <Field label={t('general.temperature')} hint={t('general.temperatureHint')}>
              {(control) => (
                <Input
                  {...control}
                  name="temperature"
                  type="number"
                  min={0}
                  max={2}
                  step={0.1}
                  required
                  inputMode="decimal"
                  value={temperature}
                  onChange={(e) => setTemperature(e.target.value)}
                />
              )}
            </Field>
          </fieldset>
          {error && <Alert tone="danger">{error}</Alert>}
          {success && <Alert tone="success">{success}</Alert>}
        </CardBody>
        {canEdit && (
          <CardFooter>
            <Button type="submit" variant="primary" pending={pending} pendingLabel={t('common.saving')}>
              {t('common.save')}
            </Button>
          </CardFooter>
        )}
      </Card>
    </form>
  )
}
