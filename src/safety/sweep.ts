/**
 * The cleanup at the end of a run (and of `scim-conformance cleanup --ledger`): finds the creates whose
 * answer never arrived, deletes everything the ledger holds that is not deleted yet (groups before users, so
 * memberships go first; 404 counts as gone), then proves nothing is left:
 * - every id the run was given answers 404;
 * - every name is looked up by a filter where the id cannot decide: the create was sent more than once or
 *   its answer was lost or throttled (a second resource may carry the name), it was refused (it may exist
 *   all the same), its id is unsafe or unknown, its DELETE's answer was lost, or its id check got no 404;
 * - one `sw` listing on the run prefix per kind catches names the ledger never saw.
 * A request that gets no answer is sent again with backoff until it is answered or the sweep's retry budget
 * (SWEEP_RETRY_BUDGET_MS, time spent on faults counted once however many requests wait at the same time) is
 * spent, so a target that comes back within it is cleaned up all the same. What cannot be deleted or proven
 * gone after that is a Leftover. Independent requests go out up to `concurrency` at a time (the run's pacer
 * still holds the rate); what they find is reported in ledger order, never in order of arrival.
 * Everything goes through the guarded transport, so the sweep too can only touch what the run created.
 */
import { type OutgoingRequest, TransportError } from '../model/transport.ts';
import { ThrottledError } from '../client/pacing.ts';
import type { Reply } from '../model/reply.ts';
import { renderFixture } from '../fixtures/fixtures.ts';
import type { ResourceKind } from '../profiles/profile.ts';
import type { Leftover } from '../model/result.ts';
import type { Ledger, LedgerEntry } from './ledger.ts';
import { findByName } from './find-by-name.ts';
import { NAME_ATTRIBUTE } from './resource-path.ts';
import { getInsensitive } from '../profiles/mapped-path.ts';

/**
 * Time the sweep may spend on transport faults (failed attempts and the waits between them), in all: with
 * the target gone for good it gives up after this (plus one request timeout); while the target answers it
 * never stops early, however long the ledger.
 */
export const SWEEP_RETRY_BUDGET_MS = 60_000;
/** Backoff between the sweep's own attempts at one request: 1, 2, 4, 5, 5… s (jittered down to half). */
const SWEEP_BACKOFF_BASE_MS = 1_000;
const SWEEP_BACKOFF_MAX_MS = 5_000;

const FIXTURES: Record<ResourceKind, { remove: string; get: string }> = {
  user: { remove: 'users/delete', get: 'users/get-by-id' },
  group: { remove: 'groups/delete', get: 'groups/get-by-id' },
};
/** Leftover id of a create whose answer never came and whose name could not be looked up. */
export const UNKNOWN_ID = '?';
const KINDS_IN_DELETE_ORDER: readonly ResourceKind[] = ['group', 'user'];

export interface SweepReport {
  /** Entries this sweep deleted. */
  removed: LedgerEntry[];
  leftovers: Leftover[];
  /** Ids checked to answer 404 and names checked to match nothing. */
  verified: number;
  /**
   * Rounds of requests that each waited for the one before (deletes, id checks, name lookups, the `sw`
   * net): the sweep's share of the run's critical path, however many went out at once in each round.
   */
  rounds: number;
}

type Send = (request: OutgoingRequest) => Promise<Reply>;

export interface SweepOptions {
  /** Default SWEEP_RETRY_BUDGET_MS. */
  retryBudgetMs?: number;
  random?: () => number;
  /** Requests in flight at once (default 1); the transport's pacer keeps the rate whatever this is. */
  concurrency?: number;
  /**
   * Called before the first request (0 of the estimate) and after each one, so a long cleanup shows as a
   * phase of its own. `total` is an estimate from the ledger, never below `done`; the last call has done = total.
   */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Sends, and on a transport fault (or throttling that outlasted its retries) waits and sends again, until
 * the request is answered or the sweep's fault budget is spent; after that it sends nothing more.
 */
class Attempts {
  private spentMs = 0;
  /** End of the fault time already counted: overlapping faults of requests sent side by side count once. */
  private countedUntil = 0;
  lastError = '';
  constructor(
    private readonly send: Send,
    private readonly budgetMs: number,
    private readonly random: () => number,
  ) {}

  get stopped(): boolean {
    return this.spentMs >= this.budgetMs;
  }

  async answer(request: OutgoingRequest): Promise<Reply | Error> {
    if (this.stopped) return new Error(this.stoppedReason());
    for (let attempt = 1; ; attempt += 1) {
      const started = performance.now();
      try {
        return await this.send(request);
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        if (!(error instanceof TransportError || error instanceof ThrottledError)) return failure;
        this.lastError = failure.message;
        this.count(started, performance.now());
        const ceiling = Math.min(SWEEP_BACKOFF_MAX_MS, SWEEP_BACKOFF_BASE_MS * 2 ** (attempt - 1));
        const waitMs = Math.min(Math.round(ceiling / 2 + (ceiling / 2) * this.random()), this.budgetMs - this.spentMs);
        if (waitMs <= 0) return failure;
        // After the wait one more attempt, even when the wait used up the budget: the target may be back.
        const waitStarted = performance.now();
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        this.count(waitStarted, Math.max(performance.now(), waitStarted + waitMs));
      }
    }
  }

  /** Adds the part of [from, to] not counted yet: the budget is wall time spent on faults, not a sum per request. */
  private count(from: number, to: number): void {
    this.spentMs += Math.max(0, to - Math.max(from, this.countedUntil));
    this.countedUntil = Math.max(this.countedUntil, to);
  }

  stoppedReason(): string {
    return `not tried: the sweep spent its ${Math.round(this.budgetMs / 1000)} s retry budget on a target that did not answer (last: ${this.lastError})`;
  }
}

export async function sweep(send: Send, ledger: Ledger, options: SweepOptions = {}): Promise<SweepReport> {
  const counted = countingSend(send, estimateRequests(ledger), options.onProgress);
  const attempts = new Attempts(counted.send, options.retryBudgetMs ?? SWEEP_RETRY_BUDGET_MS, options.random ?? Math.random);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const report: SweepReport = { removed: [], leftovers: [], verified: 0, rounds: 0 };
  // One line per resource: the first thing found wrong with it.
  const leftover = (kind: ResourceKind, id: string, reason: string): void => {
    if (id === UNKNOWN_ID || !report.leftovers.some((known) => known.kind === kind && known.id === id)) {
      report.leftovers.push({ kind, id, reason });
    }
  };
  const tools: SweepTools = { attempts, ledger, report, leftover, concurrency, round: () => (report.rounds += 1) };

  await resolvePending(tools);
  for (const kind of KINDS_IN_DELETE_ORDER) await removeAll(tools, ledger.live().filter((candidate) => candidate.kind === kind));
  await verify(tools);
  for (const entry of ledger.pending()) {
    leftover(entry.kind, UNKNOWN_ID, `the create of ${entry.attribute} ${JSON.stringify(entry.value)} got no usable answer and it could not be looked up by name${attempts.stopped ? ` (${attempts.lastError})` : ''}`);
  }
  counted.finish();
  return report;
}

/** What every step of one sweep shares. */
interface SweepTools {
  attempts: Attempts;
  ledger: Ledger;
  report: SweepReport;
  leftover: (kind: ResourceKind, id: string, reason: string) => void;
  concurrency: number;
  /** Counts one round of requests (see SweepReport.rounds). */
  round: () => void;
}

/**
 * `work(item)` for every item, up to `concurrency` at a time, the results in the items' order: what the
 * sweep does with them then never depends on which answer came first.
 */
async function inOrder<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Ids the target lists under this name (undefined: no usable answer). */
async function idsNamed(attempts: Attempts, kind: ResourceKind, attribute: string, value: string): Promise<string[] | undefined> {
  return (await findByName((request) => attempts.answer(request), kind, attribute, value)).ids;
}

/**
 * Roughly what the sweep sends: a lookup per pending create, a DELETE per live id, then per kind a GET per id,
 * a filter per name only where the id cannot decide (idCannotDecide), and one prefix query.
 */
function estimateRequests(ledger: Ledger): number {
  let total = ledger.pending().length + ledger.live().length;
  for (const kind of KINDS_IN_DELETE_ORDER) {
    const entries = ledger.entries().filter((entry) => entry.kind === kind);
    if (entries.length === 0) continue;
    const ids = new Set(entries.flatMap((entry) => (entry.id === undefined ? [] : [entry.id])));
    const names = new Set(entries.filter(idCannotDecide).flatMap((entry) => entry.values.map((value) => value.toLowerCase())));
    total += ids.size + names.size + 1;
  }
  return total;
}

function countingSend(send: Send, estimate: number, onProgress: SweepOptions['onProgress']): { send: Send; finish(): void } {
  let done = 0;
  if (estimate > 0) onProgress?.(0, estimate);
  return {
    send: async (request) => {
      try {
        return await send(request);
      } finally {
        done += 1;
        onProgress?.(done, Math.max(estimate, done + 1));
      }
    },
    finish: () => {
      if (done > 0) onProgress?.(done, done);
    },
  };
}

/** A create whose answer never came may still have happened: look for its (prefixed, unique) name. */
async function resolvePending({ attempts, ledger, concurrency, round }: SweepTools): Promise<void> {
  const pending = ledger.pending();
  if (pending.length > 0) round();
  const found = await inOrder(pending, concurrency, (entry) => idsNamed(attempts, entry.kind, entry.attribute, entry.value));
  pending.forEach((entry, index) => {
    const ids = found[index];
    if (ids === undefined) return;
    if (ids.length === 0) ledger.notCreated(entry);
    for (const id of ids) ledger.adopt(entry, id);
  });
}

/** Deletes the entries (all of one kind), side by side, and records each outcome in the entries' order. */
async function removeAll(tools: SweepTools, entries: readonly LedgerEntry[]): Promise<void> {
  const { attempts, report, leftover } = tools;
  if (entries.length > 0) tools.round();
  const answers = await inOrder(entries, tools.concurrency, async (entry) =>
    entry.unsafeId ? undefined : attempts.answer(renderFixture(FIXTURES[entry.kind].remove, idVariables(entry.kind, entry.id as string))),
  );
  for (const [index, entry] of entries.entries()) {
    const id = entry.id as string;
    const answer = answers[index];
    if (answer === undefined) {
      leftover(entry.kind, id, 'not deleted: the id is not safe to put in a request path; delete it by hand');
      continue;
    }
    if (answer instanceof Error) leftover(entry.kind, id, `not deleted: ${answer.message}`);
    else if (entry.deleted) report.removed.push(entry);
    else leftover(entry.kind, id, `not deleted: DELETE answered ${answer.status}`);
  }
}

/**
 * Whether this entry's name must be looked up: anything but a create answered at once with its id, deleted
 * by a DELETE answered at once (ledger.ts: createdOnce, deletedOnce), whose id is safe to ask for. An entry
 * of an older ledger, written before those marks, is always looked up.
 */
function idCannotDecide(entry: LedgerEntry): boolean {
  return entry.state !== 'created' || entry.createdOnce !== true || entry.id === undefined || entry.unsafeId === true || !entry.deleted || entry.deletedOnce !== true;
}

async function verify(tools: SweepTools): Promise<void> {
  const { attempts, ledger, report, leftover } = tools;
  for (const kind of KINDS_IN_DELETE_ORDER) {
    // Nothing of this kind was ever asked for: nothing to prove gone (and no request for a read-only run).
    if (!ledger.entries().some((entry) => entry.kind === kind)) continue;
    const entries = ledger.entries().filter((entry) => entry.kind === kind && entry.id !== undefined && entry.deleted);
    const ids = [...new Set(entries.map((entry) => entry.id as string))].filter((id) => !ledger.isUnsafe(kind, id));
    if (ids.length > 0) tools.round();
    const answers = await inOrder(ids, tools.concurrency, (id) => attempts.answer(renderFixture(FIXTURES[kind].get, idVariables(kind, id))));
    const undecidedIds = new Set<string>();
    ids.forEach((id, index) => {
      const answer = answers[index] as Reply | Error;
      if (answer instanceof Error) leftover(kind, id, `not verified: ${answer.message}`);
      else if (answer.status === 404) report.verified += 1;
      else if (answer.status >= 200 && answer.status < 300) {
        ledger.stillThere(kind, id);
        leftover(kind, id, `still readable by id (GET answered ${answer.status}) after its DELETE succeeded`);
      } else leftover(kind, id, `not verified: GET by id answered ${answer.status}`);
      if (answer instanceof Error || answer.status !== 404) undecidedIds.add(id);
    });
    // By name, where the id could not decide (see the module header); each name once.
    const names = new Map<string, { entry: LedgerEntry; value: string }>();
    for (const entry of ledger.entries().filter((candidate) => candidate.kind === kind && candidate.state !== 'pending')) {
      if (!idCannotDecide(entry) && !undecidedIds.has(entry.id as string)) continue;
      for (const value of entry.values) if (!names.has(value.toLowerCase())) names.set(value.toLowerCase(), { entry, value });
    }
    const named = [...names.values()];
    if (named.length > 0) tools.round();
    const found = await inOrder(named, tools.concurrency, ({ entry, value }) => idsNamed(attempts, kind, entry.attribute, value));
    for (const [index, { entry, value }] of named.entries()) {
      const ids = found[index];
      if (ids === undefined) continue;
      report.verified += 1;
      for (const id of ids) {
        // Carries a name only this run generates, so it is this run's even when its id is new to the ledger.
        if (!ledger.owns(kind, id)) await removeAll(tools, [ledger.adopt(entry, id)]);
        else leftover(kind, id, `still found by filter ${entry.attribute} eq ${JSON.stringify(value)}`);
      }
    }
    // A net for names the ledger never saw (a create retried after a 503 that had gone through, a rename it
    // could not read): one `sw` query on the run prefix, used only when the answer can be trusted. Not
    // instead of the checks above: a target that handles `sw` like `eq` would answer "nothing".
    tools.round();
    const byPrefix = await findByPrefix(attempts, kind, ledger.header.prefix);
    for (const { id, name } of byPrefix ?? []) {
      if (!ledger.owns(kind, id)) await removeAll(tools, [ledger.discovered(kind, id, name)]);
      else leftover(kind, id, `still found by filter ${NAME_ATTRIBUTE[kind]} sw ${JSON.stringify(ledger.header.prefix)}`);
    }
  }
}

/**
 * Everything whose name starts with the run prefix, by one `sw` filter. Undefined when the answer cannot be
 * trusted: not a 200 ListResponse, or a resource whose name does not start with the prefix (the target
 * ignored or misread the filter), or more results than one page holds.
 */
async function findByPrefix(attempts: Attempts, kind: ResourceKind, prefix: string): Promise<{ id: string; name: string }[] | undefined> {
  const attribute = NAME_ATTRIBUTE[kind];
  const filter = `filter=${attribute}+sw+%22${encodeURIComponent(prefix)}%22`;
  const path = kind === 'user' ? `/Users?${filter}` : `/Groups?excludedAttributes=members&${filter}`;
  const answer = await attempts.answer({ method: 'GET', path });
  if (answer instanceof Error || answer.status !== 200) return undefined;
  const total = getInsensitive(answer.json, 'totalResults');
  const resources = getInsensitive(answer.json, 'Resources') ?? [];
  if (typeof total !== 'number' || !Array.isArray(resources) || resources.length !== total) return undefined;
  const found: { id: string; name: string }[] = [];
  for (const resource of resources) {
    const id = getInsensitive(resource, 'id');
    const name = getInsensitive(resource, attribute);
    if (typeof name !== 'string' || !name.toLowerCase().startsWith(prefix.toLowerCase())) return undefined;
    if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '') return undefined;
    found.push({ id: String(id), name });
  }
  return found;
}

function idVariables(kind: ResourceKind, id: string): Record<string, string> {
  return kind === 'user' ? { userId: id } : { groupId: id };
}
