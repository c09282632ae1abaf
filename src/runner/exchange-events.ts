/**
 * Every exchange of a run as it completes, labelled with what sent it: the preflight, a case (its own
 * requests and the deletes after it), or the final sweep. `--trace` and `--dry-run` print from here; the
 * exchange is already redacted by the client, with the run's one redactor.
 */
import type { Exchange } from '../model/transport.ts';
import type { PlannedCase } from '../cases/catalogue.ts';
import type { Dialect } from '../model/vocabulary.ts';
import type { Transport } from '../safety/transport.ts';

export interface ExchangeEvent {
  phase: 'preflight' | 'case' | 'cleanup';
  /** The case the exchange belongs to, in phase `case`. */
  case?: { id: string; dialect: Dialect | 'any' };
  exchange: Exchange;
}

export type ExchangeListener = (event: ExchangeEvent) => void;

/** The transport, reporting each exchange (answered or not) to the listener; `case-N` tags name plan[N-1]. */
export function observeExchanges(transport: Transport, plan: readonly PlannedCase[], listener: ExchangeListener): Transport {
  const report = (tag: string | undefined, exchange: Exchange | undefined): void => {
    if (exchange === undefined) return;
    listener({ ...phaseOf(tag, plan), exchange });
  };
  return async (request, options) => {
    try {
      const reply = await transport(request, options);
      report(options?.tag, reply.exchange);
      return reply;
    } catch (error) {
      report(options?.tag, (error as { exchange?: Exchange } | null)?.exchange);
      throw error;
    }
  };
}

function phaseOf(tag: string | undefined, plan: readonly PlannedCase[]): Pick<ExchangeEvent, 'phase' | 'case'> {
  const index = /^case-(\d+)$/.exec(tag ?? '')?.[1];
  const planned = index === undefined ? undefined : plan[Number(index) - 1];
  if (planned !== undefined) return { phase: 'case', case: { id: planned.testCase.id, dialect: planned.dialect ?? 'any' } };
  return { phase: tag === 'preflight' ? 'preflight' : 'cleanup' };
}
