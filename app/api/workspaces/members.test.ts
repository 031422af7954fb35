/** The rules of membership: who may grant what, the last owner, leaving, and losing access at once. */
import { beforeEach, describe, expect, it } from 'vitest'
import { addMember, createWorkspace, insertUser, quickPerson, snapshot, type Person, type Workspace } from '@/tests/support/actors'
import { call, errorOf, outcome } from '@/tests/support/http'
import * as workspace from './[ws]/route'
import * as members from './[ws]/members/route'
import * as member from './[ws]/members/[userId]/route'

let owner: Person, admin: Person, viewer: Person
let ws: Workspace

beforeEach(async () => {
  ;[owner, admin, viewer] = await Promise.all([quickPerson('owner'), quickPerson('admin'), quickPerson('viewer')])
  ws = await createWorkspace(owner)
  await addMember(owner, ws.id, admin, 'admin')
  await addMember(owner, ws.id, viewer, 'viewer')
})

const add = (by: Person, email: string, role?: string) =>
  call(members.POST, 'POST', '/x', { cookie: by.cookie, params: { ws: ws.id }, body: role ? { email, role } : { email } })
const setRole = (by: Person, userId: string, role: string) =>
  call(member.PATCH, 'PATCH', '/x', { cookie: by.cookie, params: { ws: ws.id, userId }, body: { role } })
const remove = (by: Person, userId: string) => call(member.DELETE, 'DELETE', '/x', { cookie: by.cookie, params: { ws: ws.id, userId } })
const read = (by: Person) => call(workspace.GET, 'GET', '/x', { cookie: by.cookie, params: { ws: ws.id } })
const roles = async () => Object.fromEntries((await snapshot(ws.id)).members.map((m) => [m.user_id as string, m.role as string]))

describe('members', () => {
  it('lists members with e-mail and role, to every member (viewers included)', async () => {
    const list = await call(members.GET, 'GET', '/x', { cookie: viewer.cookie, params: { ws: ws.id } })
    expect(outcome(list)).toBe('200')
    const byId = Object.fromEntries(list.json.items.map((m: { userId: string }) => [m.userId, m]))
    expect(byId[owner.id]).toMatchObject({ email: owner.email, role: 'owner' })
    expect(byId[admin.id]).toMatchObject({ email: admin.email, role: 'admin' })
    expect(byId[viewer.id]).toMatchObject({ email: viewer.email, role: 'viewer' })
    expect(list.json.items).toHaveLength(3)
  })

  it('adds an existing account by e-mail, in any case, with the member role by default', async () => {
    const newcomer = await insertUser('newcomer')
    const response = await add(admin, newcomer.email.toUpperCase())
    expect(outcome(response)).toBe('201')
    expect(response.json).toMatchObject({ userId: newcomer.id, email: newcomer.email, role: 'member' })
    expect((await roles())[newcomer.id]).toBe('member')
  })

  it('answers 404 not_found:member for an unknown e-mail and adds nobody', async () => {
    const before = await snapshot(ws.id)
    const response = await add(owner, 'nobody-here@example.com')
    expect(outcome(response)).toBe('404 not_found:member')
    expect(await snapshot(ws.id)).toEqual(before)
  })

  it('answers 409 conflict:member when adding someone twice, and keeps their role', async () => {
    const response = await add(owner, viewer.email, 'admin')
    expect(outcome(response)).toBe('409 conflict:member')
    expect((await roles())[viewer.id]).toBe('viewer')
  })

  it('does not let an admin grant, change or remove the owner role (403 forbidden:member)', async () => {
    const before = await snapshot(ws.id)
    const stranger = await insertUser('stranger')
    expect(outcome(await add(admin, stranger.email, 'owner'))).toBe('403 forbidden:member')
    expect(outcome(await setRole(admin, viewer.id, 'owner'))).toBe('403 forbidden:member')
    expect(outcome(await setRole(admin, admin.id, 'owner'))).toBe('403 forbidden:member')
    expect(outcome(await setRole(admin, owner.id, 'viewer'))).toBe('403 forbidden:member')
    expect(outcome(await remove(admin, owner.id))).toBe('403 forbidden:member')
    expect(await snapshot(ws.id)).toEqual(before)
  })

  it('lets an admin manage the roles below owner', async () => {
    expect(outcome(await setRole(admin, viewer.id, 'member'))).toBe('200')
    expect(outcome(await setRole(admin, viewer.id, 'admin'))).toBe('200')
    expect(outcome(await remove(admin, viewer.id))).toBe('204')
    expect(await roles()).toEqual({ [owner.id]: 'owner', [admin.id]: 'admin' })
  })

  it('does not let a viewer or a plain member manage anyone (403 forbidden:workspace)', async () => {
    const plain = await quickPerson('plain')
    await addMember(owner, ws.id, plain, 'member')
    const before = await snapshot(ws.id)
    const someone = await insertUser('someone')
    for (const by of [viewer, plain]) {
      expect(outcome(await add(by, someone.email))).toBe('403 forbidden:workspace')
      expect(outcome(await setRole(by, admin.id, 'viewer'))).toBe('403 forbidden:workspace')
      expect(outcome(await setRole(by, by.id, 'admin'))).toBe('403 forbidden:workspace')
      expect(outcome(await remove(by, admin.id))).toBe('403 forbidden:workspace')
    }
    expect(await snapshot(ws.id)).toEqual(before)
  })

  it('keeps the last owner: it can neither leave nor be demoted (409 conflict:member)', async () => {
    const left = await remove(owner, owner.id)
    expect(outcome(left)).toBe('409 conflict:member')
    expect(errorOf(left).message).toMatch(/owner/)
    expect(outcome(await setRole(owner, owner.id, 'admin'))).toBe('409 conflict:member')
    expect((await roles())[owner.id]).toBe('owner')
    expect(outcome(await read(owner))).toBe('200')
  })

  it('lets an owner add a second owner, after which the first may leave', async () => {
    const second = await quickPerson('second')
    expect(outcome(await add(owner, second.email, 'owner'))).toBe('201')
    expect(outcome(await remove(owner, owner.id))).toBe('204')
    expect((await roles())[second.id]).toBe('owner')
    expect((await roles())[owner.id]).toBeUndefined()
    expect(outcome(await read(owner))).toBe('404 not_found:workspace')
    // Now the second is the last owner.
    expect(outcome(await remove(second, second.id))).toBe('409 conflict:member')
  })

  it('lets an owner promote an admin to owner, then demote itself', async () => {
    expect(outcome(await setRole(owner, admin.id, 'owner'))).toBe('200')
    const demoted = await setRole(owner, owner.id, 'member')
    expect(outcome(demoted)).toBe('200')
    expect(demoted.json.role).toBe('member')
    // The former owner can no longer act as one.
    expect(outcome(await setRole(owner, admin.id, 'viewer'))).toBe('403 forbidden:workspace')
  })

  it('lets an owner remove another owner', async () => {
    const second = await quickPerson('coowner')
    await addMember(owner, ws.id, second, 'owner')
    expect(outcome(await remove(owner, second.id))).toBe('204')
    expect(outcome(await read(second))).toBe('404 not_found:workspace')
  })

  it('lets anyone leave: viewer and admin', async () => {
    expect(outcome(await remove(viewer, viewer.id))).toBe('204')
    expect(outcome(await remove(admin, admin.id))).toBe('204')
    expect(await roles()).toEqual({ [owner.id]: 'owner' })
    expect(outcome(await read(viewer))).toBe('404 not_found:workspace')
  })

  it('cuts a removed member off at once: 404 everywhere in the workspace', async () => {
    expect(outcome(await read(viewer))).toBe('200')
    expect(outcome(await remove(owner, viewer.id))).toBe('204')
    expect(outcome(await read(viewer))).toBe('404 not_found:workspace')
    expect(outcome(await call(members.GET, 'GET', '/x', { cookie: viewer.cookie, params: { ws: ws.id } }))).toBe('404 not_found:workspace')
    expect(outcome(await remove(viewer, viewer.id))).toBe('404 not_found:workspace')
    // A demoted admin loses admin rights at once too.
    expect(outcome(await setRole(owner, admin.id, 'viewer'))).toBe('200')
    expect(outcome(await setRole(admin, owner.id, 'viewer'))).toBe('403 forbidden:workspace')
  })

  it('answers 404 not_found:member for someone who is not a member', async () => {
    const stranger = await insertUser('notmember')
    expect(outcome(await setRole(owner, stranger.id, 'viewer'))).toBe('404 not_found:member')
    expect(outcome(await remove(owner, stranger.id))).toBe('404 not_found:member')
    expect(outcome(await setRole(owner, crypto.randomUUID(), 'viewer'))).toBe('404 not_found:member')
  })
})
