import { describeAlert } from '../alerts/describe'
import type { ChangedAlert } from '../alerts/evaluate'
import { translator, type Locale } from '../i18n'
import { dictionaries } from '../i18n/dictionaries'

/**
 * Webhook bodies are Slack-compatible (`text`, and `blocks` for a richer message) and carry
 * the event for other programs: `event`, `workspace`, `data`. Messages are in the language of the
 * workspace's readers (lib/workspaces/locale.ts), the test message in English.
 */
export interface WebhookEvent {
  event: string
  payload: Record<string, unknown>
}

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

/** An alert raised or resolved, in the language of the workspace's readers. */
export function alertEvent(alert: ChangedAlert, locale: Locale): WebhookEvent {
  const event = `alert.${alert.change}`
  const say = translator(dictionaries[locale])
  const what = describeAlert(say, { kind: alert.kind, subjectName: alert.subject_name, value: alert.value, threshold: alert.threshold })
  const text = say(alert.change === 'raised' ? 'webhooks.alert.raised' : 'webhooks.alert.resolved', { workspace: alert.workspace_name, what })
  return {
    event,
    payload: message(text, [[say('webhooks.alert.rule'), say(`alerts.kind.${alert.kind}`)], [say('webhooks.report.workspace'), alert.workspace_name]], {
      event,
      workspace: { id: alert.workspace_id, name: alert.workspace_name },
      data: { alertId: alert.id, kind: alert.kind, subject: alert.subject || null, subjectName: alert.subject_name, value: alert.value, threshold: alert.threshold, details: alert.details },
    }),
  }
}

/** A weekly report made, in the report's language. */
export function reportEvent(report: { id: string; workspaceId: string; workspaceName: string; from: string; to: string; pdfPath: string; xlsxPath: string }, locale: Locale): WebhookEvent {
  const say = translator(dictionaries[locale])
  return {
    event: 'report.weekly',
    payload: message(say('webhooks.report.text', { workspace: report.workspaceName, from: report.from, to: report.to }), [[say('webhooks.report.period'), `${report.from} – ${report.to}`], [say('webhooks.report.workspace'), report.workspaceName]], {
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
