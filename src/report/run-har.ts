/**
 * `run --format har`: every exchange of a run, in the order it happened (the preflight, each case with the
 * deletes after it, the final sweep), as HAR 1.2 through the one writer (har.ts). The recorder listens to the
 * runner's exchange events, which the client has already redacted; the writer applies the run's redactor once
 * more, as every report does. Entries carry `_scimCase`, `_scimDialect` and `_scimFixture` (har.ts) and
 * `_scimPhase` (preflight, case or cleanup), so a preflight or sweep request is never mistaken for a case's.
 */
import type { RunResult } from '../model/result.ts';
import type { ExchangeEvent, ExchangeListener } from '../runner/exchange-events.ts';
import type { Redact } from '../safety/redact.ts';
import { harFromExchanges, harFromRun, type Har, type HarSource } from './har.ts';

export interface RecordedExchange extends ExchangeEvent {
  /** When the request started (the event arrives when it ends). */
  startedAt: string;
}

export interface HarRecorder {
  listener: ExchangeListener;
  readonly exchanges: readonly RecordedExchange[];
}

export function recordExchanges(now: () => number = Date.now): HarRecorder {
  const exchanges: RecordedExchange[] = [];
  return {
    exchanges,
    listener: (event) => exchanges.push({ ...event, startedAt: new Date(now() - Math.max(0, event.exchange.durationMs)).toISOString() }),
  };
}

/**
 * The archive of a run: from the recorded exchanges when there are any, else (a result read back, the
 * library) from the exchanges the case results kept, which leave out the preflight and the sweep.
 */
export function runHar(run: RunResult, recorded: readonly RecordedExchange[] | undefined, redact?: Redact): Har {
  if (recorded === undefined) return harFromRun(run, redact);
  const sources = recorded.map(
    (event): HarSource => ({
      exchange: event.exchange,
      startedAt: event.startedAt,
      ...(event.case === undefined ? {} : { caseId: event.case.id, dialect: event.case.dialect }),
    }),
  );
  const har = harFromExchanges(sources, {
    startedAt: run.startedAt,
    comment: `${run.tool.name} ${run.tool.version} run ${run.runId} against ${run.target.url}: every exchange (preflight, cases, cleanup)`,
    ...(redact === undefined ? {} : { redact }),
  });
  har.log.entries.forEach((entry, index) => Object.assign(entry, { _scimPhase: recorded[index]!.phase }));
  return har;
}
