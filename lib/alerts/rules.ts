import { z } from 'zod'

/**
 * The alert rules every workspace has. A workspace stores a rule only when it changes it
 * (alert_rules); otherwise these defaults apply. What each rule watches over its window:
 * - unanswered_rate: the share of answers the documents could not give, above `threshold`
 *   (0–1), once at least `minSamples` answers were given;
 * - negative_feedback: at least `threshold` thumbs-down;
 * - document_failures: each document whose processing failed (one alert per document);
 * - rate_limited: at least `threshold` widget requests refused by its rate limits;
 * - provider_errors: at least `threshold` answers that failed on the model provider's side.
 */
export const alertKinds = ['unanswered_rate', 'negative_feedback', 'document_failures', 'rate_limited', 'provider_errors'] as const
export type AlertKind = (typeof alertKinds)[number]

export interface RuleSettings {
  enabled: boolean
  threshold: number
  windowMinutes: number
  minSamples: number
}

export const ruleDefaults: Record<AlertKind, RuleSettings> = {
  unanswered_rate: { enabled: true, threshold: 0.5, windowMinutes: 60, minSamples: 10 },
  negative_feedback: { enabled: true, threshold: 5, windowMinutes: 60, minSamples: 1 },
  document_failures: { enabled: true, threshold: 1, windowMinutes: 1440, minSamples: 1 },
  rate_limited: { enabled: true, threshold: 50, windowMinutes: 15, minSamples: 1 },
  provider_errors: { enabled: true, threshold: 3, windowMinutes: 15, minSamples: 1 },
}

/** Rules whose threshold is a share (0–1) rather than a count. */
export const isRate = (kind: AlertKind) => kind === 'unanswered_rate'

export const ruleSchema = z.object({
  kind: z.enum(alertKinds),
  enabled: z.boolean(),
  threshold: z.number().describe('A share between 0 and 1 for unanswered_rate, a count for the others'),
  windowMinutes: z.int(),
  minSamples: z.int().describe('unanswered_rate only: answers needed before the share counts'),
  custom: z.boolean().describe('false while the rule has its default settings'),
})
export type Rule = z.infer<typeof ruleSchema>

export const ruleParams = z.object({ ws: z.uuid('must be a workspace id (UUID)'), kind: z.enum(alertKinds, 'must be one of ' + alertKinds.join(', ')) })

export const updateRuleBody = z
  .strictObject({
    enabled: z.boolean().optional(),
    threshold: z.number().min(0, 'must be 0 or more').max(1_000_000, 'must be at most 1,000,000').optional(),
    windowMinutes: z.int('must be a whole number of minutes').min(5, 'must be at least 5 minutes').max(10080, 'must be at most 7 days (10,080 minutes)').optional(),
    minSamples: z.int('must be a whole number').min(1, 'must be at least 1').max(100_000).optional(),
    reset: z.literal(true).optional().describe('Back to the defaults (alone)'),
  })
  .refine((body) => Object.keys(body).length > 0, 'name at least one setting to change')
  .refine((body) => !body.reset || Object.keys(body).length === 1, 'reset comes alone')
export type RulePatch = z.infer<typeof updateRuleBody>

/** The settings after a change, or a message saying why they make no sense. */
export function applyPatch(kind: AlertKind, current: RuleSettings, patch: RulePatch): RuleSettings | string {
  if (patch.reset) return ruleDefaults[kind]
  const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as RuleSettings
  if (isRate(kind) && next.threshold > 1) return 'threshold: the unanswered rate is a share between 0 and 1 (0.5 for 50 %).'
  if (!isRate(kind) && (!Number.isInteger(next.threshold) || next.threshold < 1)) return 'threshold: this rule counts events, so its threshold is a whole number of at least 1.'
  return next
}
