import { describeAlert } from '../alerts/describe'
import type { ChangedAlert } from '../alerts/evaluate'
import { translator } from '../i18n'
import { dictionaries } from '../i18n/dictionaries'

/**
 * Webhook bodies are Slack-compatible (`text`, and `blocks` for a richer message) and carry
 * the event for other programs: `event`, `workspace`, `data`. Messages are in English.
 */
export interface WebhookEvent {
  event: string
  payload: Record<string, unknown>
}

const t = translator(dictionaries.en)

function message(text: string, fields: [string, string][], extra: Record<string, unknown>) {
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      ...(fields.length ? [{ type: 'section', fields: fields.map(([name, value]) => ({ type: 'mrkdwn', text: `*${name}*\n${value}` })) }] : []),
    ],
    ...extra,
  }
}

export function alertEvent(alert: ChangedAlert): WebhookEvent {
  const event = `alert.${alert.change}`
  const what = describeAlert(t, { kind: alert.kind, subjectName: alert.subject_name, value: alert.value, threshold: alert.threshold })
  const text = `${alert.change === 'raised' ? ':rotating_light: Alert' : ':white_check_mark: Resolved'} in ${alert.workspace_name}: ${what}`
  return {
    event,
    payload: message(text, [['Rule', t(`alerts.kind.${alert.kind}`)], ['Workspace', alert.workspace_name]], {
      event,
      workspace: { id: alert.workspace_id, name: alert.workspace_name },
      data: { alertId: alert.id, kind: alert.kind, subject: alert.subject || null, subjectName: alert.subject_name, value: alert.value, threshold: alert.threshold, details: alert.details },
    }),
  }
}

export function reportEvent(report: { id: string; workspaceId: string; workspaceName: string; from: string; to: string; pdfPath: string; xlsxPath: string }): WebhookEvent {
  return {
    event: 'report.weekly',
    payload: message(`:bar_chart: Weekly report for ${report.workspaceName}, ${report.from} to ${report.to}: download it from the dashboard.`, [['Period', `${report.from} – ${report.to}`], ['Workspace', report.workspaceName]], {
      event: 'report.weekly',
      workspace: { id: report.workspaceId, name: report.workspaceName },
      data: { reportId: report.id, from: report.from, to: report.to, pdfPath: report.pdfPath, xlsxPath: report.xlsxPath },
    }),
  }
}

export function testEvent(workspace: { id: string; name: string }): WebhookEvent {
  return {
    event: 'webhook.test',
    payload: message(`:wave: Test message from Monitora for ${workspace.name}: this webhook works.`, [], {
      event: 'webhook.test',
      workspace: { id: workspace.id, name: workspace.name },
      data: {},
    }),
  }
}
