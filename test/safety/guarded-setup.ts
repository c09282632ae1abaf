/**
 * Shared by the guard tests: a real reference server over HTTP that records what reaches it, a run ledger,
 * and the guarded transport a run sends through. Everything opened is closed by `closeAll` (call it in afterEach).
 */
import type { OutgoingRequest } from '../../src/model/transport.ts';
import { runPrefix } from '../../src/data/test-data.ts';
import { openGuardedTransport } from '../../src/runner/guarded-transport.ts';
import { LEDGER_FORMAT, Ledger } from '../../src/safety/ledger.ts';
import { tokenRedactor } from '../../src/safety/redact.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { ScimMiddleware } from '../../src/server/types.ts';
import { recorder } from './helpers.ts';

const closing: Array<() => Promise<void>> = [];

/** Something else a test opened, closed with the rest. */
export function onClose(close: () => Promise<void>): void {
  closing.push(close);
}

export async function closeAll(): Promise<void> {
  while (closing.length > 0) await closing.pop()?.();
}

export async function guardedSetUp(token: string, runId: string, options: { readOnly?: boolean; middleware?: ScimMiddleware[] } = {}) {
  const record = recorder();
  const server = await startReferenceServer({ token, middleware: [record.middleware, ...(options.middleware ?? [])] });
  closing.push(() => server.close());
  const ledger = new Ledger({ type: 'run', format: LEDGER_FORMAT, tool: 'test', runId, prefix: runPrefix(runId), target: server.baseUrl, startedAt: '' });
  const { transport, close } = openGuardedTransport({ baseUrl: server.baseUrl, token, redact: tokenRedactor([token]), timeoutMs: 5000, ledger, readOnly: options.readOnly ?? false });
  closing.push(close);
  return { server, seen: record.seen, ledger, send: (request: OutgoingRequest) => transport(request) };
}
