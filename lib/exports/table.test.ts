import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { tableCsv } from './table'

describe('CSV export', () => {
  const table = {
    columns: [
      { name: '=HEADER()', type: 'text' as const },
      { name: 'Montant', type: 'number' as const },
    ],
    rows: [
      ['=HYPERLINK("http://evil.example","clic")', -12.5],
      ['+33 1 23 45 67', '-12.5'],
      ['-2+3', '+4'],
      ['@SUM(A1:A2)', '1e3'],
      ['\tcmd', '-7 %'],
      ['\r=1+1', 0],
      ['Crème brûlée', null],
    ],
  }

  it('neutralises cells a spreadsheet would run as formulas and keeps numbers as numbers (OWASP CSV injection)', () => {
    const lines = tableCsv(table).slice(1).split('\r\n')
    expect(lines).toEqual([
      `'=HEADER(),Montant`,
      `"'=HYPERLINK(""http://evil.example"",""clic"")",-12.5`,
      `'+33 1 23 45 67,-12.5`,
      `'-2+3,+4`,
      `'@SUM(A1:A2),1e3`,
      `"'\tcmd",-7 %`,
      `"'\r=1+1",0`,
      'Crème brûlée,',
      '',
    ])
  })

  it('reads back with the neutralised texts whole (Python’s csv module)', () => {
    const read = execFileSync('python3', ['-c', 'import csv,sys,json; print(json.dumps(list(csv.reader(sys.stdin.read().lstrip("\\ufeff").splitlines(True)))))'], { input: tableCsv(table), encoding: 'utf8' })
    const rows: string[][] = JSON.parse(read)
    expect(rows.map((row) => row[0])).toEqual([`'=HEADER()`, `'=HYPERLINK("http://evil.example","clic")`, `'+33 1 23 45 67`, `'-2+3`, `'@SUM(A1:A2)`, `'\tcmd`, `'\r=1+1`, 'Crème brûlée'])
    expect(rows.map((row) => row[1]).slice(1)).toEqual(['-12.5', '-12.5', '+4', '1e3', '-7 %', '0', ''])
  })
})
