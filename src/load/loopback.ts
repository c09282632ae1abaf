/** Whether a target is on this machine: the only place `load`, its Artillery export, tests and benchmarks send load unconfirmed. */

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** The refusal `load` and `load --export` give a non-loopback target without `--confirm` equal to the objects created. */
export function unconfirmedLoad(baseUrl: string, objects: number, detail: string, confirm: string | undefined): string | undefined {
  if (isLoopback(baseUrl)) return undefined;
  if (confirm !== undefined && Number(confirm) === objects) return undefined;
  return `load against ${new URL(baseUrl).host} creates ${objects} objects (${detail}) and deletes them again; pass --confirm ${objects} to go ahead${confirm === undefined ? '' : ` (got --confirm ${confirm})`}`;
}
