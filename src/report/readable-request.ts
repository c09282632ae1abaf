/**
 * Request labels as a person reads them. On the wire (and in results.json) a filter is form-encoded exactly
 * as Entra sends it (`?filter=userName+eq+%22abc%40x%22`); annotations, the trace and the dry run show it
 * decoded as well (`filter=userName eq "abc@x"`), since that is what an admin compares with Entra's logs.
 */

/** Every query string in `text` (after a `/path?`), form-decoded; text that does not decode is left as is. */
export function decodeQueries(text: string): string {
  return text.replace(/(\/[^\s?]*)\?(\S+)/g, (whole, path: string, query: string) => {
    const decoded = decodeFormComponent(query);
    return decoded === undefined ? whole : `${path}?${decoded}`;
  });
}

function decodeFormComponent(query: string): string | undefined {
  try {
    return decodeURIComponent(query.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
