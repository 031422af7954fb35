import type { Translate } from '../i18n'
import type { AlertKind } from './rules'

export interface DescribedAlert {
  kind: AlertKind
  subjectName: string | null
  value: number
  threshold: number
}

const percent = (share: number) => `${Math.round(share * 100)} %`

/** One sentence saying what an alert is about, in the reader's language. */
export function describeAlert(t: Translate, alert: DescribedAlert): string {
  const vars = { value: alert.value, threshold: alert.threshold, name: alert.subjectName ?? '' }
  if (alert.kind === 'unanswered_rate') return t('alerts.describe.unanswered_rate', { value: percent(alert.value), threshold: percent(alert.threshold) })
  return t(`alerts.describe.${alert.kind}`, vars)
}
