import { describeAlert, type DescribedAlert } from '@/lib/alerts/describe'
import type { Translate } from '@/lib/i18n'

export { describeAlert, type DescribedAlert }

/** The rule's name, then what it measured. */
export const alertHeadline = (t: Translate, alert: DescribedAlert) => `${t(`alerts.kind.${alert.kind}`)}: ${describeAlert(t, alert)}`
