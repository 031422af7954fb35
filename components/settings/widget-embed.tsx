'use client'

import { useState } from 'react'
import { useT } from '@/lib/i18n/client'
import { callApi } from '../api'
import { Alert } from '../ui/alert'
import { Button } from '../ui/button'
import { Card, CardBody, CardHeader } from '../ui/card'
import { CopyButton } from '../ui/copy-button'
import { useApiAction } from '../use-api-action'

/** For admins: the snippet to paste, the sources a strict CSP must allow, and the identity secret. */
export function WidgetEmbed({ workspaceId, origin, publicKey, initialSecret }: { workspaceId: string; origin: string; publicKey: string | null; initialSecret: string }) {
  const t = useT()
  const [secret, setSecret] = useState(initialSecret)
  const [shown, setShown] = useState(false)
  const { pending, error, success, run, fallback } = useApiAction()
  const snippet = publicKey && `<script src="${origin}/embed.js" data-key="${publicKey}" async></script>`

  async function rotate() {
    const rotated = await run(
      () => callApi<{ identitySecret: string }>(`/api/workspaces/${workspaceId}/widget/secret`, { method: 'POST', fallbackMessage: fallback }),
      t('widget.identityRotated'),
    )
    if (rotated) {
      setSecret(rotated.data.identitySecret)
      setShown(true)
    }
  }

  return (
    <>
      <Card>
        <CardHeader title={t('widget.snippet')} description={publicKey ? t('widget.snippetHint', { key: `${publicKey.slice(0, 12)}…` }) : undefined} />
        <CardBody className="stack">
          {snippet ? (
            <>
              <pre className="mono widget-snippet" data-testid="widget-snippet">
                {snippet}
              </pre>
              <div>
                <CopyButton value={snippet} />
              </div>
              <p className="field-hint">{t('widget.csp', { origin })}</p>
            </>
          ) : (
            <Alert tone="info">{t('widget.snippetNoKey')}</Alert>
          )}
          <p className="field-hint">{t('widget.conversations')}</p>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title={t('widget.identity')} description={t('widget.identityHint')} />
        <CardBody className="stack">
          <pre className="mono widget-snippet" data-testid="widget-identity-secret">
            {shown ? secret : '•'.repeat(24)}
          </pre>
          <div className="row">
            <Button variant="secondary" onClick={() => setShown((value) => !value)} aria-pressed={shown}>
              {t('widget.identityReveal')}
            </Button>
            <Button variant="secondary" onClick={rotate} pending={pending}>
              {t('widget.identityRotate')}
            </Button>
          </div>
          {error && <Alert tone="danger">{error}</Alert>}
          {success && <Alert tone="success">{success}</Alert>}
        </CardBody>
      </Card>
    </>
  )
}
