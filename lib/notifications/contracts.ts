import { z } from 'zod'
import { defineContract } from '../api/contract'
import { notificationSchema, notificationsQuery } from '.'

export const notificationContracts = {
  list: defineContract({
    method: 'GET',
    path: '/api/notifications',
    tag: 'Notifications',
    summary: 'My notifications, newest first, with the unread count',
    description: '`unread` counts up to 100 (show "99+" beyond).',
    auth: 'session',
    query: notificationsQuery,
    success: {
      status: 200,
      description: 'A page of notifications',
      schema: z.object({ items: z.array(notificationSchema), nextCursor: z.string().nullable(), unread: z.int() }),
    },
    errors: ['unauthorized:auth', 'bad_request:api'],
  }),
  read: defineContract({
    method: 'POST',
    path: '/api/notifications/{id}/read',
    tag: 'Notifications',
    summary: 'Mark one notification read',
    auth: 'session',
    params: z.object({ id: z.uuid('must be a notification id (UUID)') }),
    success: { status: 204, description: 'Marked read' },
    errors: ['unauthorized:auth', 'not_found:notification'],
  }),
  readAll: defineContract({
    method: 'POST',
    path: '/api/notifications/read-all',
    tag: 'Notifications',
    summary: 'Mark all my notifications read',
    auth: 'session',
    success: { status: 200, description: 'How many were marked', schema: z.object({ marked: z.int() }) },
    errors: ['unauthorized:auth'],
  }),
}
