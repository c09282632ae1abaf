/**
 * HTTP headers as this project keeps them everywhere (requests the reference server sees, answers the client
 * and the load engine record): names in lower case, a repeated header's values joined with ", ", absent ones
 * left out. Takes the forms node:http, undici and Artillery hand over: an object (string or array values),
 * a flat [name, value, name, value] array, or an iterable of [name, value] pairs.
 */
export type HeaderInput = Record<string, unknown> | readonly unknown[] | Iterable<readonly [string, unknown]> | null | undefined;

export function flatHeaders(headers: HeaderInput): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (name: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    const text = Array.isArray(value) ? value.map(String).join(', ') : String(value);
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? text : `${out[key]}, ${text}`;
  };
  if (headers === undefined || headers === null) return out;
  if (Array.isArray(headers)) {
    for (let index = 0; index + 1 < headers.length; index += 2) add(String(headers[index]), headers[index + 1]);
  } else if (typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const [name, value] of headers as Iterable<readonly [string, unknown]>) add(name, value);
  } else {
    for (const [name, value] of Object.entries(headers)) add(name, value);
  }
  return out;
}
