/**
 * `--trace ID` (repeatable): the requests and responses of those cases (and the deletes after them) printed
 * as they happen, as the report's HTTP transcripts: already redacted, filters also shown decoded.
 */
import { catalogue, type PlannedCase } from '../cases/catalogue.ts';
import { ConfigError } from '../config.ts';
import { requestTranscript, responseTranscript, toExchangeView } from '../report/exchange-view.ts';
import { decodeQueries } from '../report/readable-request.ts';
import type { ExchangeEvent, ExchangeListener } from '../runner/exchange-events.ts';

/** The case ids to trace, checked against the catalogue and the plan; each error is one line. */
export function traceSelection(requested: readonly string[] | undefined, plan: readonly PlannedCase[]): Set<string> {
  const ids = new Set<string>();
  for (const raw of requested ?? []) {
    const id = raw.trim().toUpperCase();
    if (!catalogue.some((testCase) => testCase.id === id)) throw new ConfigError(`--trace ${raw}: no case has this id; see \`scim-conformance list\``);
    if (!plan.some((planned) => planned.testCase.id === id)) throw new ConfigError(`--trace ${raw}: the case is not in this run (check --only/--skip, --read-only and the profile)`);
    ids.add(id);
  }
  return ids;
}

/** A listener printing the exchanges of the traced cases to `out`. */
export function traceListener(ids: ReadonlySet<string>, out: NodeJS.WritableStream & { isTTY?: boolean }): ExchangeListener {
  const counters = new Map<string, number>();
  return (event) => {
    if (event.phase !== 'case' || event.case === undefined || !ids.has(event.case.id)) return;
    const key = `${event.case.id} ${event.case.dialect}`;
    const index = (counters.get(key) ?? 0) + 1;
    counters.set(key, index);
    // On a terminal the progress line is live: clear it so the transcript starts at the left margin.
    out.write(`${out.isTTY === true ? '\r\x1b[2K' : ''}${renderTraceEntry(event, index)}\n`);
  };
}

export function renderTraceEntry(event: ExchangeEvent, index: number): string {
  const view = toExchangeView(event.exchange, index);
  const dialect = event.case?.dialect === undefined || event.case.dialect === 'any' ? '' : ` [${event.case.dialect}]`;
  const lines = [`── trace ${event.case?.id ?? event.phase}${dialect} #${index} (${view.durationMs} ms) ──`, indent(requestTranscript(view))];
  const decoded = decodeQueries(view.request.url);
  if (decoded !== view.request.url) lines.push(`  (decoded: ${decoded})`);
  lines.push('', indent(responseTranscript(view)));
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
