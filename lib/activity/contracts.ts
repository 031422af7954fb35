import { z } from 'zod'
import { defineContract } from '../api/contract'
import { pageQuery, pageSchema } from '../api/pagination'
import { activitySchema } from '.'

export const activityContracts = {
  list: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/activity',
    tag: 'Activity',
    summary: 'Recent activity of a workspace',
    description: 'Documents uploaded or failed, keys created or revoked (admins only), members added, alerts raised; newest first.',
    auth: 'session-or-secret',
    params: z.object({ ws: z.uuid('must be a workspace id (UUID)') }),
    query: pageQuery,
    success: { status: 200, description: 'A page of events', schema: pageSchema(activitySchema) },
    errors: ['unauthorized:auth', 'unauthorized:key', 'bad_request:api', 'not_found:workspace'],
  }),
  mine: defineContract({
    method: 'GET',
    path: '/api/activity',
    tag: 'Activity',
    summary: 'Recent activity of all my workspaces',
    description: 'The dashboard home’s feed: the events of every workspace the person belongs to, newest first (key events of the workspaces they administer).',
    auth: 'session',
    query: pageQuery,
    success: { status: 200, description: 'A page of events', schema: pageSchema(activitySchema) },
    errors: ['unauthorized:auth', 'bad_request:api'],
  }),
}
