/**
 * Failures grouped by root cause, so one deviation reads as one finding with its consequences: every case
 * that failed on the same kind of request (method, resource, dialect) getting the same kind of answer (a
 * status refused, or success without the change) is one root cause. Each carries what a vendor needs to fix
 * it: the request, the answer, and what Entra needs instead (the failing checks' requirements and impacts).
 */
import { getFixture } from '../fixtures/fixtures.ts';
import type { Exchange } from '../model/transport.ts';
import type { CaseResult, RootCause } from '../model/result.ts';
import { failureList, isWaivedFailure, refLabel } from './verdict-rules.ts';

export type { RootCause } from '../model/result.ts';

/**
 * Groups the failing case runs; each consequence carries the verdict list it is in (verdict-rules.ts), so a
 * cause reads the same as the verdict block. The verdict model (verdict.ts) holds the result; reports read it there.
 */
export function rootCauses(run: { cases: readonly CaseResult[]; strict: boolean }): RootCause[] {
  const groups = new Map<string, RootCause>();
  for (const result of run.cases.filter((candidate) => candidate.status === 'fail')) {
    const exchange = judgedExchange(result);
    const { key, title } = describeCause(result, exchange);
    let cause = groups.get(key);
    if (cause === undefined) {
      cause = { key, title, consequences: [] };
      if (exchange) cause.example = exampleOf(exchange);
      groups.set(key, cause);
    }
    cause.consequences.push({ label: refLabel(result), name: result.name, impact: result.impact.text, waived: isWaivedFailure(result), list: failureList(result, run.strict) });
  }
  return [...groups.values()];
}

/** The last exchange of the judged fixture, or the case's last exchange when none is tagged. */
function judgedExchange(result: CaseResult): Exchange | undefined {
  return [...result.exchanges].reverse().find((exchange) => exchange.fixture === result.judges) ?? result.exchanges.at(-1);
}

function describeCause(result: CaseResult, exchange: Exchange | undefined): { key: string; title: string } {
  const fixture = safeFixture(result.judges);
  const method = fixture?.request.method ?? exchange?.request.method ?? '?';
  const resource = fixture ? resourceShape(fixture.request.path) : '?';
  const dialect = fixture?.dialect ? ` (${fixture.dialect} dialect)` : '';
  const status = exchange?.response?.status;
  const answer =
    status === undefined
      ? 'got no answer'
      : status >= 200 && status < 300
        ? `was answered ${status} but the answer or the stored result is wrong`
        : `was refused with ${status}`;
  const subject = `${method} ${resource}${dialect}`;
  return { key: `${subject}|${status === undefined ? 'none' : status >= 200 && status < 300 ? '2xx' : status}`, title: `${subject} ${answer}` };
}

/** `/Users/{{userId}}` → `/Users/{id}`; `/Groups?excludedAttributes=members&filter=…` → `/Groups?filter=…`. */
function resourceShape(path: string): string {
  const [base = '', query] = path.split('?');
  const shaped = base.replace(/\{\{\w+\}\}/g, '{id}');
  if (query === undefined) return shaped;
  const names = query.split('&').map((pair) => pair.split('=')[0]).filter(Boolean);
  return `${shaped}?${names.map((name) => `${name}=…`).join('&')}`;
}

function exampleOf(exchange: Exchange): NonNullable<RootCause['example']> {
  const example: NonNullable<RootCause['example']> = { request: `${exchange.request.method} ${exchange.request.url}` };
  if (exchange.request.body !== undefined) example.body = exchange.request.body.slice(0, 1500);
  if (exchange.response) {
    example.status = exchange.response.status;
    example.answer = exchange.response.body.slice(0, 1500);
  }
  return example;
}

function safeFixture(id: string): ReturnType<typeof getFixture> | undefined {
  try {
    return getFixture(id);
  } catch {
    return undefined;
  }
}
