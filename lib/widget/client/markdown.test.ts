import { describe, expect, it } from 'vitest'
import { markdown } from './markdown'

const render = (text: string, citations = 2) => markdown(text, citations, (n) => `Source ${n}`)

describe('the widget’s Markdown', () => {
  it('escapes every tag and attribute of the text', () => {
    const html = render('<script>alert(1)</script> <img src=x onerror="alert(2)"> **<b>bold</b>**')
    expect(html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=&quot;alert(2)&quot;&gt; <strong>&lt;b&gt;bold&lt;/b&gt;</strong></p>')
  })

  it('links http(s) addresses only, opening elsewhere without an opener', () => {
    expect(render('[docs](https://example.com/a?b=1&c=2)')).toBe('<p><a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">docs</a></p>')
    expect(render('[x](javascript:alert(1))')).toBe('<p>[x](javascript:alert(1))</p>')
    expect(render('[x](https://e.com/"onmouseover="alert(1))')).not.toContain('" onmouseover')
  })

  it('turns known citation markers into buttons, never in code', () => {
    expect(render('Three days [1], see [3].')).toBe('<p>Three days <button type="button" class="cite" data-n="1" aria-label="Source 1">1</button>, see [3].</p>')
    expect(render('`a[1]`')).toBe('<p><code>a[1]</code></p>')
    expect(render('```\n<b>[1]</b>\n```')).toBe('<pre><code>&lt;b&gt;[1]&lt;/b&gt;</code></pre>')
  })

  it('renders headings, lists, quotes, emphasis and paragraphs', () => {
    expect(render('# Title\n\n- one\n- *two*\n\n1. first\n2. _second_\n\n> quoted\n\nline one\nline two')).toBe(
      '<h3>Title</h3><ul><li>one</li><li><em>two</em></li></ul><ol><li>first</li><li><em>second</em></li></ol><blockquote>quoted</blockquote><p>line one<br>line two</p>',
    )
  })
})
