import { z } from 'zod'
import { roles } from './access'
import { allowedDomainsSchema } from './domains'

export const widgetSchema = z.strictObject({
  title: z.string().trim().min(1).max(60).optional(),
  greeting: z.string().trim().max(500).optional(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #4f46e5').optional(),
  position: z.enum(['bottom-right', 'bottom-left']).optional(),
  language: z.enum(['auto', 'en', 'fr']).optional(),
  avatarUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(500).nullable().optional(),
  visitorMessagesPerMinute: z.int().min(1).max(1000).optional().describe('Questions one visitor may send per minute'),
  ipMessagesPerMinute: z.int().min(1).max(10000).optional().describe('Questions one network address may send per minute (visitors behind one address share it)'),
})
export type WidgetSettings = z.infer<typeof widgetSchema>

export const widgetDefaults = {
  title: 'Assistant',
  greeting: '',
  color: '#4f46e5',
  position: 'bottom-right',
  language: 'auto',
  avatarUrl: null,
  visitorMessagesPerMinute: 6,
  ipMessagesPerMinute: 30,
} as const

const settings = {
  name: z.string().trim().min(1, 'must not be empty').max(100),
  systemPrompt: z.string().max(8000),
  model: z.string().trim().min(1).max(200).regex(/^[\w.:/@-]+$/, 'must be a model id such as mistral-small-latest').nullable(),
  temperature: z.number().min(0).max(2),
  allowedDomains: allowedDomainsSchema,
  widget: widgetSchema,
}

export const createWorkspaceBody = z.strictObject({ name: settings.name })

export const updateWorkspaceBody = z
  .strictObject({
    name: settings.name.optional(),
    systemPrompt: settings.systemPrompt.optional(),
    model: settings.model.optional(),
    temperature: settings.temperature.optional(),
    allowedDomains: settings.allowedDomains.optional(),
    widget: settings.widget.optional().describe('Merged into the current widget settings.'),
  })
  .refine((body) => Object.keys(body).length > 0, 'name at least one setting to change')
export type WorkspacePatch = z.infer<typeof updateWorkspaceBody>

export const workspaceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  systemPrompt: z.string(),
  model: z.string().nullable().describe('null: the default model of the installation'),
  temperature: z.number(),
  allowedDomains: z.array(z.string()),
  widget: z.object({
    title: z.string(),
    greeting: z.string(),
    color: z.string(),
    position: z.enum(['bottom-right', 'bottom-left']),
    language: z.enum(['auto', 'en', 'fr']),
    avatarUrl: z.string().nullable(),
    visitorMessagesPerMinute: z.number(),
    ipMessagesPerMinute: z.number(),
  }),
  role: z.enum(roles).describe("The caller's role (a secret key acts as admin)."),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export type Workspace = z.infer<typeof workspaceSchema>

export const memberSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(roles),
  createdAt: z.iso.datetime(),
})
export type Member = z.infer<typeof memberSchema>

export const addMemberBody = z.strictObject({
  email: z.email().max(254).transform((value) => value.toLowerCase()),
  role: z.enum(roles).default('member'),
})
export const updateMemberBody = z.strictObject({ role: z.enum(roles) })
