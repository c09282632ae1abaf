/**
 * Server variants that only a load run can catch: each request on its own is answered correctly, so no
 * conformance case fails on them, and they stay out of the conformance fault catalogue (whose detection
 * test requires a case to catch every entry). `load --fault NAME` runs the embedded server with one.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { is, isQuery, scimError } from '../faults/kit.ts';
import type { ScimMiddleware } from '../server/types.ts';

export interface LoadFault {
  name: string;
  description: string;
  /** What a load run shows for it. */
  shows: string;
  middleware: () => ScimMiddleware;
}

/** Extra filter latency per user in the directory, in milliseconds: 2,000 users add 100 ms, 50,000 add 2.5 s. */
export const FILTER_DELAY_MS_PER_USER = 0.05;

export const loadFaults: readonly LoadFault[] = [
  {
    name: 'create-503-one-in-ten',
    description: 'Answers every tenth user create with 503 Service Unavailable, without Retry-After, and does not create the user: a backend that sheds load.',
    shows: 'failed creates counted as "503 without Retry-After"; Entra escrows each failed user (and, past the thresholds, quarantines the job)',
    middleware: () => {
      let creates = 0;
      return async (request, next) => {
        if (is(request, 'POST', 'Users', false)) {
          creates += 1;
          if (creates % 10 === 0) return scimError(503, 'Service temporarily unavailable.');
        }
        return next(request);
      };
    },
  },
  {
    name: 'filter-latency-linear',
    description: `Answers every filter query after a delay that grows linearly with the users it holds (${FILTER_DELAY_MS_PER_USER} ms per user): a filter evaluated by a scan instead of an index.`,
    shows: 'query latency rising with the number of objects created in the latency-vs-size chart',
    middleware: () => {
      // Users it holds, counted from the answers it gave: a middleware never reaches into the store.
      let users = 0;
      return async (request, next) => {
        if (isQuery(request)) await sleep(users * FILTER_DELAY_MS_PER_USER);
        const response = await next(request);
        if (is(request, 'POST', 'Users', false) && response.status === 201) users += 1;
        if (is(request, 'DELETE', 'Users', true) && response.status === 204) users = Math.max(0, users - 1);
        return response;
      };
    },
  },
];

export function findLoadFault(name: string): LoadFault | undefined {
  return loadFaults.find((fault) => fault.name === name);
}
