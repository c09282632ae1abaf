/**
 * `run --dry-run`: every request the run would send, in order, rendered with the profile, dialects and seed,
 * without sending anything to the target.
 *
 * Cases build their requests while they run (a PATCH names the id the create answered; a case stops early
 * when its precondition fails), so no static list of fixtures says what a run sends. The dry run therefore
 * runs the real cases, in the real order, against the embedded reference server (on loopback, inside this
 * process) and prints every request it was sent, with the reference server's base URL replaced by the
 * target's. That is exactly what a conformant target would receive; the output says where it can differ.
 */
import { randomBytes } from 'node:crypto';
import { requestTranscript, toExchangeView } from '../report/exchange-view.ts';
import { decodeQueries } from '../report/readable-request.ts';
import { optInNames } from '../report/verdict.ts';
import type { ExchangeEvent } from '../runner/exchange-events.ts';
import type { Connection, Plan } from '../runner/run-input.ts';
import { runSuite } from '../runner/run-suite.ts';
import { startReferenceServer } from '../server/http.ts';
import { customExtensionsOf } from '../profiles/declared-extensions.ts';

export interface DryRunOptions {
  /** The target the requests are shown for: nothing is sent there. */
  connection: Connection;
  plan: Plan;
  out: NodeJS.WritableStream;
}

export async function dryRun(options: DryRunOptions): Promise<number> {
  const { connection, plan, out } = options;
  const targetBase = connection.baseUrl ?? 'http://<embedded reference server>/scim/v2';
  // The stand-in accepts the connection's token (or its client credentials, at its own token endpoint), so
  // the one redactor of the run covers what it echoes. Token requests are not printed: only SCIM requests are.
  const { credentials } = connection;
  const server = await startReferenceServer({
    token: connection.token === '' ? randomBytes(24).toString('base64url') : connection.token,
    declaredExtensions: customExtensionsOf(plan.profile),
    ...(credentials === undefined ? {} : { oauth: { clients: [{ clientId: credentials.clientId, secrets: [credentials.clientSecret] }] } }),
  });
  const counts = { preflight: 0, case: 0, cleanup: 0 };
  out.write(
    `DRY RUN: nothing is sent to ${connection.baseUrl ?? 'any target'}. Profile ${plan.profile.id}, dialects ${plan.dialects.join(', ')}, ` +
      `seed ${plan.seed}, ${plan.cases.length} case run${plan.cases.length === 1 ? '' : 's'}${plan.mode.readOnly ? ' (read-only)' : ''}` +
      `${plan.optInNotRun?.length ? `; opt-in, not run: ${optInNames(plan.optInNotRun)}` : ''}.\n` +
      'The requests were rendered by running the cases against the embedded reference server: this is what a conformant target\n' +
      'receives, in this order. Ids in paths are the reference server\'s (a target assigns its own), names carry this dry run\'s\n' +
      'run id, and a target that answers differently makes the suite send fewer requests (a failed create skips what needs it).\n\n',
  );
  const standIn: Connection = { ...connection, baseUrl: server.baseUrl, embedded: true };
  if (credentials !== undefined) standIn.credentials = { ...credentials, tokenUrl: server.tokenUrl as string };
  // Nothing leaves this machine, so nothing is paced.
  delete standIn.ratePerSecond;
  try {
    await runSuite({
      connection: standIn,
      plan,
      hooks: {
        onExchange: (event) => {
          counts[event.phase] += 1;
          out.write(`${renderDryRunEntry(event, counts.preflight + counts.case + counts.cleanup, server.baseUrl, targetBase)}\n\n`);
        },
      },
    });
  } finally {
    await server.close();
  }
  const total = counts.preflight + counts.case + counts.cleanup;
  out.write(`${total} requests: ${counts.preflight} Test Connection preflight, ${counts.case} in cases (with the deletes after each), ${counts.cleanup} in the final cleanup check. Nothing was sent to the target.\n`);
  // Nothing was judged, so no verdict: 0 says the requests were rendered.
  return 0;
}

export function renderDryRunEntry(event: ExchangeEvent, index: number, fromBase: string, toBase: string): string {
  const view = toExchangeView(event.exchange, index);
  const url = view.request.url.startsWith(fromBase) ? toBase + view.request.url.slice(fromBase.length) : view.request.url;
  const rebased = { ...view, request: { ...view.request, url } };
  const who = event.case ? `${event.case.id}${event.case.dialect === 'any' ? '' : ` [${event.case.dialect}]`}` : event.phase;
  const lines = [`${index}. ${who}`, requestTranscript(rebased)];
  const decoded = decodeQueries(url);
  if (decoded !== url) lines.push(`(decoded: ${decoded})`);
  return lines.join('\n');
}
