import { describe, expect, it } from 'vitest'
import { dummyHash, hashPassword, passwordWeakness, verifyPassword } from './password'

describe('password hashing', () => {
  it('hashes with scrypt and a random salt, and verifies', async () => {
    const [one, two] = await Promise.all([hashPassword('correct horse battery'), hashPassword('correct horse battery')])
    expect(one).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
    expect(one).not.toBe(two)
    expect(one).not.toContain('correct horse')
    expect(await verifyPassword('correct horse battery', one)).toBe(true)
    expect(await verifyPassword('correct horse battery', two)).toBe(true)
  })

  it('refuses a wrong password, a different case and a prefix', async () => {
    const stored = await hashPassword('correct horse battery')
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false)
    expect(await verifyPassword('Correct horse battery', stored)).toBe(false)
    expect(await verifyPassword('correct horse', stored)).toBe(false)
    expect(await verifyPassword('', stored)).toBe(false)
  })

  it('treats Unicode forms of one password alike (NFKC)', async () => {
    const stored = await hashPassword('caf\u00e9 au lait')
    expect(await verifyPassword('cafe\u0301 au lait', stored)).toBe(true)
  })

  it('never verifies anything against the dummy hash', async () => {
    expect(await verifyPassword('', dummyHash)).toBe(false)
    expect(await verifyPassword('password', dummyHash)).toBe(false)
    expect(await verifyPassword('AAAAAAAA', dummyHash)).toBe(false)
  })

  it('refuses stored values it does not understand', async () => {
    expect(await verifyPassword('x', '')).toBe(false)
    expect(await verifyPassword('x', 'bcrypt$2b$10$abc')).toBe(false)
    expect(await verifyPassword('x', 'scrypt$16384$8$1$$')).toBe(false)
  })
})

describe('passwordWeakness', () => {
  it.each([
    ['password123', /common/],
    ['PASSWORD123', /common/],
    ['12345678', /common/],
    ['monitora', /common/],
    ['aaaaaaaa', /repeated/],
    ['........', /repeated/],
    ['31415926535', /digits/],
    ['ana@example.com', /e-mail/],
    ['ANA@EXAMPLE.COM', /e-mail/],
    ['ana.lopez', /e-mail/],
  ])('%s is weak', (password, reason) => {
    const email = password.includes('lopez') ? 'ana.lopez@example.com' : 'ana@example.com'
    expect(passwordWeakness(password, email)).toMatch(reason)
  })

  it.each([['correct horse battery'], ['Tr0ub4dor&3'], ['ana@example.com!'], ['12345678a']])('%s is accepted', (password) => {
    expect(passwordWeakness(password, 'ana@example.com')).toBeNull()
  })
})
