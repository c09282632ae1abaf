import { describe, expect, it } from 'vitest';
import { encodeTrailingWhitespace, escapeHtml, html, joinHtml, trustedHtml } from '../../src/report/html-builder.ts';

describe('escapeHtml', () => {
  it('escapes the five characters that can break out of text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });
});

describe('html template', () => {
  it('escapes every interpolated string and number, keeps literal markup', () => {
    const value = '<script>alert(1)</script>';
    expect(html`<p title="${'"onmouseover="x'}">${value} ${42}</p>`.html).toBe(
      '<p title="&quot;onmouseover=&quot;x">&lt;script&gt;alert(1)&lt;/script&gt; 42</p>',
    );
  });

  it('inserts nested SafeHtml as is, flattens arrays and drops false/null/undefined', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}${false}${null}${undefined}</ul>`.html).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
  });

  it('joins with an escaped separator, and only trustedHtml bypasses escaping', () => {
    expect(joinHtml([html`<b>x</b>`, 'y&z'], ' & ').html).toBe('<b>x</b> &amp; y&amp;z');
    expect(html`${trustedHtml('<hr>')}`.html).toBe('<hr>');
  });

  it('turns trailing whitespace into character references and nothing else', () => {
    expect(encodeTrailingWhitespace('a  \nb\t\r\nc d\ne ')).toBe('a&#32;&#32;\nb&#9;\r\nc d\ne&#32;');
  });
});
