import { describe, expect, it } from 'vitest'
import { Sql, sql } from './sql'

describe('sql', () => {
  it('turns values into numbered parameters', () => {
    const statement = sql`select * from t where a = ${1} and b = ${'x'}`
    expect(statement.text).toBe('select * from t where a = $1 and b = $2')
    expect(statement.values).toEqual([1, 'x'])
  })

  it('never puts a value in the text', () => {
    const statement = sql`select ${"'; drop table users; --"}`
    expect(statement.text).toBe('select $1')
    expect(statement.values).toEqual(["'; drop table users; --"])
  })

  it('splices nested fragments and renumbers their parameters', () => {
    const inner = sql`b = ${2} and c = ${3}`
    const statement = sql`a = ${1} and ${inner} and d = ${4}`
    expect(statement.text).toBe('a = $1 and b = $2 and c = $3 and d = $4')
    expect(statement.values).toEqual([1, 2, 3, 4])
  })

  it('renumbers through several levels and past nine parameters', () => {
    const deep = sql`x in (${sql`${'a'}, ${sql`${'b'}, ${'c'}`}`})`
    expect(deep.text).toBe('x in ($1, $2, $3)')
    const many = sql`${1}${2}${3}${4}${5}${6}${7}${8}${9}${10}`
    const outer = sql`${0} ${many} ${sql`${11}`}`
    expect(outer.text).toBe('$1 $2$3$4$5$6$7$8$9$10$11 $12')
    expect(outer.values).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
  })

  it('reuses a fragment twice with the right numbers each time', () => {
    const fragment = sql`f(${'v'})`
    const statement = sql`${fragment} = ${fragment}`
    expect(statement.text).toBe('f($1) = f($2)')
    expect(statement.values).toEqual(['v', 'v'])
  })

  it('keeps non-fragment objects, arrays and null as single values', () => {
    const statement = sql`${[1, 2]} ${null} ${{ a: 1 }} ${undefined}`
    expect(statement.text).toBe('$1 $2 $3 $4')
    expect(statement.values).toEqual([[1, 2], null, { a: 1 }, undefined])
  })

  it('leaves dollar quoting alone', () => {
    expect(sql`select $$text$$, ${1}`.text).toBe('select $$text$$, $1')
  })
})

describe('sql.join', () => {
  it('joins fragments with a separator and renumbers', () => {
    const sets = sql.join([sql`a = ${1}`, sql`b = ${2}`, sql`c = now()`])
    expect(sets.text).toBe('a = $1, b = $2, c = now()')
    expect(sets.values).toEqual([1, 2])
    const statement = sql`update t set ${sets} where id = ${3}`
    expect(statement.text).toBe('update t set a = $1, b = $2, c = now() where id = $3')
    expect(statement.values).toEqual([1, 2, 3])
  })

  it('takes another separator', () => {
    expect(sql.join([sql`x = ${1}`, sql`y = ${2}`], ' and ').text).toBe('x = $1 and y = $2')
  })

  it('gives an empty fragment for no fragments, and the fragment itself for one', () => {
    expect(sql.join([])).toEqual(new Sql('', []))
    const one = sql`a = ${1}`
    expect(sql.join([one])).toEqual(one)
  })
})

describe('sql.raw', () => {
  it('is text without parameters', () => {
    const statement = sql`select * from ${sql.raw('users')} where id = ${5}`
    expect(statement.text).toBe('select * from users where id = $1')
    expect(statement.values).toEqual([5])
  })
})
