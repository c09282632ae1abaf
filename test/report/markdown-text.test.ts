import { describe, expect, it } from 'vitest';
import { mdCell, mdCode, mdFence, mdRich, mdText } from '../../src/report/markdown-text.ts';

describe('Markdown escaping', () => {
  it('keeps a table cell whole: escapes | and turns newlines into <br>', () => {
    expect(mdCell('a | b\nc\r\nd')).toBe('a \\| b<br>c<br>d');
  });

  it('neutralises HTML and Markdown punctuation from server text', () => {
    expect(mdCell('<script>x</script> *bold* _it_ [link](u) `code`')).toBe(
      '&lt;script&gt;x&lt;/script&gt; \\*bold\\* \\_it\\_ \\[link\\](u) \\`code\\`',
    );
  });

  it('fences code with more backticks than the content holds', () => {
    expect(mdFence('a\n```\nb')).toBe('````\na\n```\nb\n````');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('x|y', true)).toBe('`x\\|y`');
  });

  it('keeps backtick spans of program-written text as code and escapes the rest', () => {
    expect(mdRich('append `?flag` to <url>')).toBe('append `?flag` to &lt;url&gt;');
  });
});

describe('mdText and ampersands (issue 19: `&amp;` in Markdown list items)', () => {
  it('leaves a plain & as it is and escapes only what would start an entity', () => {
    expect(mdText('GET /Users?startIndex=1&count=2')).toBe('GET /Users?startIndex=1&count=2');
    expect(mdText('a &lt; b and &#60;')).toBe('a &amp;lt; b and &amp;\\#60;');
  });
});
