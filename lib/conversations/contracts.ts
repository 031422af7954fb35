import { z } from 'zod'
import { defineContract } from '../api/contract'
import { pageQuery, pageSchema } from '../api/pagination'
import { conversationCreateSchema, conversationFilters, conversationPatchSchema, conversationSchema, facetsSchema, feedbackSchema, messageSchema } from './schemas'

const ws = z.uuid('must be a workspace id (UUID)')
const id = z.uuid('must be an id (UUID)')
const access = ['unauthorized:auth', 'unauthorized:key', 'not_found:workspace', 'forbidden:workspace'] as const
const owned = ['unauthorized:auth', 'unauthorized:key'] as const

export const conversationContracts = {
  list: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/conversations',
    tag: 'Conversations',
    summary: 'List conversations, latest activity first',
    description: 'A person lists their own conversations; a secret key lists every conversation of its workspace. `q` finds words (or their beginnings) in titles and messages and returns a snippet.',
    auth: 'session-or-secret',
    params: z.object({ ws }),
    query: pageQuery.extend(conversationFilters.shape),
    success: { status: 200, description: 'A page of conversations', schema: pageSchema(conversationSchema) },
    errors: [...access, 'bad_request:api'],
  }),
  facets: defineContract({
    method: 'GET',
    path: '/api/workspaces/{ws}/conversations/facets',
    tag: 'Conversations',
    summary: 'The folders and tags in use, with their counts',
    auth: 'session-or-secret',
    params: z.object({ ws }),
    success: { status: 200, description: 'Folders and tags', schema: facetsSchema },
    errors: [...access],
  }),
  create: defineContract({
    method: 'POST',
    path: '/api/workspaces/{ws}/conversations',
    tag: 'Conversations',
    summary: 'Start an empty conversation',
    description: 'Usually unnecessary: sending a question without conversationId to the chat route starts one.',
    auth: 'session-or-secret',
    params: z.object({ ws }),
    body: conversationCreateSchema,
    success: { status: 201, description: 'The conversation', schema: conversationSchema },
    errors: [...access, 'bad_request:api'],
  }),
  get: defineContract({
    method: 'GET',
    path: '/api/conversations/{id}',
    tag: 'Conversations',
    summary: 'Read a conversation',
    auth: 'session-or-secret',
    params: z.object({ id }),
    success: { status: 200, description: 'The conversation', schema: conversationSchema },
    errors: [...owned, 'not_found:conversation'],
  }),
  update: defineContract({
    method: 'PATCH',
    path: '/api/conversations/{id}',
    tag: 'Conversations',
    summary: 'Rename, favourite, tag or file a conversation',
    auth: 'session-or-secret',
    params: z.object({ id }),
    body: conversationPatchSchema,
    success: { status: 200, description: 'The conversation', schema: conversationSchema },
    errors: [...owned, 'bad_request:api', 'not_found:conversation', 'forbidden:conversation'],
  }),
  delete: defineContract({
    method: 'DELETE',
    path: '/api/conversations/{id}',
    tag: 'Conversations',
    summary: 'Delete a conversation and its messages',
    auth: 'session-or-secret',
    params: z.object({ id }),
    success: { status: 204, description: 'Deleted' },
    errors: [...owned, 'not_found:conversation'],
  }),
  messages: defineContract({
    method: 'GET',
    path: '/api/conversations/{id}/messages',
    tag: 'Conversations',
    summary: 'A conversation’s messages, oldest first',
    auth: 'session-or-secret',
    params: z.object({ id }),
    query: pageQuery,
    success: { status: 200, description: 'A page of messages', schema: pageSchema(messageSchema) },
    errors: [...owned, 'bad_request:api', 'not_found:conversation', 'forbidden:conversation'],
  }),
  deleteMessage: defineContract({
    method: 'DELETE',
    path: '/api/messages/{id}',
    tag: 'Conversations',
    summary: 'Delete a message (a question takes its answer with it)',
    auth: 'session-or-secret',
    params: z.object({ id }),
    success: { status: 204, description: 'Deleted' },
    errors: [...owned, 'not_found:message', 'conflict:chat'],
  }),
  feedback: defineContract({
    method: 'POST',
    path: '/api/messages/{id}/feedback',
    tag: 'Conversations',
    summary: 'Rate an answer (thumbs up or down, with an optional comment)',
    auth: 'session-or-secret',
    params: z.object({ id }),
    body: feedbackSchema,
    success: { status: 200, description: 'The answer', schema: messageSchema },
    errors: [...owned, 'bad_request:api', 'bad_request:message', 'not_found:message', 'forbidden:conversation'],
  }),
}
