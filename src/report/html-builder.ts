/**
 * The one way the HTML report builds markup: an `html` tagged template that escapes every interpolated value
 * unless it is already `SafeHtml`. Server responses end up in the report, so no value may reach the page
 * unescaped; with this helper, forgetting to escape is impossible rather than a review item.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and for double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/** Markup that is known to be safe: built by `html`, or a constant the report itself wrote (`trustedHtml`). */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

/** `false`, `null` and `undefined` render as nothing so `${condition && html`…`}` reads naturally. */
export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[];

function renderValue(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.html;
  if (Array.isArray(value)) return value.map((item: HtmlValue) => renderValue(item)).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * Tagged template: literal parts are trusted (they are this program's source), interpolations are escaped.
 * Interpolate only into element content or quoted attribute values, never into unquoted attributes or <style>.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += renderValue(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** For constants of this program only (the stylesheet): never pass data from a run through here. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Joins fragments with a separator that is itself text (escaped). */
export function joinHtml(parts: readonly HtmlValue[], separator: string): SafeHtml {
  return new SafeHtml(parts.map((part) => renderValue(part)).join(escapeHtml(separator)));
}

/**
 * Spaces and tabs at the end of a line become character references. Response bodies are shown verbatim in
 * <pre>, and html-validate (rightly) flags trailing whitespace; a reference renders identically.
 */
export function encodeTrailingWhitespace(markup: string): string {
  return markup.replace(/[ \t]+(?=\r?\n|$)/g, (run) => run.replace(/ /g, '&#32;').replace(/\t/g, '&#9;'));
}
