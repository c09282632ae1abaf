/**
 * Escaping for the Markdown report. Reasons and server bodies are untrusted text; on GitHub, raw `<`
 * starts HTML, `|` splits a table cell and `*`/`_`/`[` change the formatting, so every value goes through here.
 */

/** Inline text: Markdown punctuation escaped, HTML specials as entities, newlines as <br> (keeps table rows whole). */
export function mdText(text: string): string {
  return text
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;') // only where it would start an entity: a plain & reads as itself
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#])/g, '\\$1')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** Text for inside a table cell; identical to `mdText`, named for the reader of the renderer. */
export const mdCell = mdText;

/**
 * An inline code span that survives any backticks in the value (CommonMark: a longer fence). In a table cell
 * GitHub still splits on `|` inside code, so `inTable` escapes it there (and only there: elsewhere the
 * backslash would show).
 */
export function mdCode(text: string, inTable = false): string {
  const oneLine = text.replace(/\r\n|\r|\n/g, ' ');
  const flat = inTable ? oneLine.replace(/\|/g, '\\|') : oneLine;
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * Text whose backtick spans are code (the advice texts, written by this program): code spans are kept,
 * the rest is escaped.
 */
export function mdRich(text: string): string {
  return text
    .split('`')
    .map((part, index) => (index % 2 === 1 ? mdCode(part) : mdText(part)))
    .join('');
}

/** A fenced code block whose fence is longer than any backtick run in the content. */
export function mdFence(content: string, language = ''): string {
  const longest = Math.max(0, ...(content.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${content}\n${fence}`;
}

export function mdLink(label: string, url: string | undefined, inTable = false): string {
  if (url === undefined) return mdCode(label, inTable);
  return `[${mdText(label)}](${url.replace(/[()\s<>]/g, (c) => encodeURIComponent(c))})`;
}
