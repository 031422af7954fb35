import { z } from 'zod'
import { defineContract } from '../api/contract'

const email = z.email('must be an e-mail address such as ana@example.com').max(254).transform((value) => value.toLowerCase())

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  locale: z.enum(['en', 'fr']).nullable(),
})

export const credentialsBody = z.strictObject({ email, password: z.string().min(1, 'is required').max(200) })
export const signUpBody = z.strictObject({
  email,
  password: z.string().min(8, 'must have at least 8 characters').max(200, 'must have at most 200 characters'),
  name: z.string().trim().min(1).max(100).optional(),
})

export const authContracts = {
  signup: defineContract({
    method: 'POST',
    path: '/api/auth/signup',
    tag: 'Auth',
    summary: 'Create an account and sign in',
    description: 'Sets the session cookie. With Supabase Auth requiring e-mail confirmation, answers 202 and no session.',
    auth: 'none',
    body: signUpBody,
    success: { status: 201, description: 'Signed up and signed in', schema: z.object({ user: userSchema }) },
    errors: ['bad_request:api', 'bad_request:auth', 'conflict:auth', 'rate_limited:auth', 'forbidden:auth'],
  }),
  login: defineContract({
    method: 'POST',
    path: '/api/auth/login',
    tag: 'Auth',
    summary: 'Sign in',
    description: 'Sets the session cookie. Attempts are rate-limited per address and per e-mail.',
    auth: 'none',
    body: credentialsBody,
    success: { status: 200, description: 'Signed in', schema: z.object({ user: userSchema }) },
    errors: ['bad_request:api', 'unauthorized:auth', 'rate_limited:auth', 'forbidden:auth'],
  }),
  logout: defineContract({
    method: 'POST',
    path: '/api/auth/logout',
    tag: 'Auth',
    summary: 'Sign out',
    description: 'Ends the session and clears the cookie. Succeeds without a session too.',
    auth: 'none',
    success: { status: 204, description: 'Signed out' },
    errors: ['forbidden:auth'],
  }),
  me: defineContract({
    method: 'GET',
    path: '/api/auth/me',
    tag: 'Auth',
    summary: 'The signed-in user',
    auth: 'session',
    success: { status: 200, description: 'The user', schema: z.object({ user: userSchema }) },
    errors: ['unauthorized:auth'],
  }),
}
