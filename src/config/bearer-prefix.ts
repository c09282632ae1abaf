/**
 * A token pasted with its `Bearer ` prefix (copied from a curl command or an Authorization header). The
 * suite adds the prefix itself, as Entra does, so the request would carry `Bearer Bearer …` and meet a plain
 * 401. No real token starts with "Bearer " followed by more text, so the intent is unambiguous: the prefix is
 * taken off with a one-line warning (a run that stops for it only costs a retry), and the warning says to
 * paste the token without it into Entra's Secret Token field too.
 */
const PREFIX = /^bearer\s+/i;

export function stripBearerPrefix(token: string | undefined, name: string): { token: string | undefined; warning?: string } {
  if (token === undefined || !PREFIX.test(token.trim())) return { token };
  const stripped = token.trim().replace(PREFIX, '');
  if (stripped === '') return { token };
  return {
    token: stripped,
    warning: `warning: ${name} starts with "Bearer "; the prefix was removed (the suite adds it, as Entra does). In Entra's Secret Token field, paste the token without it.`,
  };
}
