/**
 * The cleanup ledger: every user and group a run asks the target to create, recorded before the request goes
 * out (state `pending`) and again the moment the answer arrives (`created` with the id, or `not-created`),
 * then marked `deleted` as deletions succeed. Kept in memory and appended to a JSON Lines file, one complete
 * snapshot of an entry per line (the last line of a `seq` wins), with synchronous appends: a run killed at
 * any point leaves a file that `scim-conformance cleanup --ledger` can finish, including creates whose answer
 * never arrived (they are found again by their prefixed name).
 */
import { AbsentIds } from './absent-ids.ts';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ResourceKind } from '../profiles/profile.ts';
import type { Redact } from './redact.ts';
import { NAME_ATTRIBUTE, isSafeId } from './resource-path.ts';

export const LEDGER_FORMAT = 'scim-conformance-ledger/1';

export interface LedgerHeader {
  type: 'run';
  format: typeof LEDGER_FORMAT;
  tool: string;
  runId: string;
  /** `scimconf-<runId>-`: every name the run gave a resource starts with it. */
  prefix: string;
  /** The SCIM base URL the ids belong to; cleanup refuses to use them anywhere else. */
  target: string;
  startedAt: string;
}

export interface LedgerEntry {
  seq: number;
  kind: ResourceKind;
  /** The target's id; absent while a create has had no usable answer. */
  id?: string;
  /** `userName` or `displayName`: what the entry is found by with a filter. */
  attribute: string;
  /** The name it was created with. */
  value: string;
  /** Every name it has had (renames by PATCH/PUT included); all are checked to be gone at the end. */
  values: string[];
  /** `pending`: asked for, answer not (yet) seen. `not-created`: the target said no. */
  state: 'pending' | 'created' | 'not-created';
  deleted: boolean;
  requestedAt: string;
  createdAt?: string;
  deletedAt?: string;
  /** The case that created it (its place in the run), for the cleanup after each case. */
  case?: string;
  /** The id cannot be put in a request path safely; the guard never writes to it and cleanup lists it. */
  unsafeId?: true;
  /**
   * The create went out once and its first answer carried this id (no resend, no 429/503, no lost answer):
   * no other resource can carry its name, so the sweep's check by id is the whole proof it is gone.
   */
  createdOnce?: true;
  /** The DELETE went out once and its first answer said so (2xx or 404): no lost answer to wonder about. */
  deletedOnce?: true;
}

export interface LedgerOptions {
  /** Appended to when given; created (with its directory) on the first entry only. */
  file?: string;
  redact?: Redact;
}

export class Ledger {
  private readonly list: LedgerEntry[] = [];
  /** `kind id` → its entries: the guard asks `owns` for every write and member, so it must not scan the list (a load run holds tens of thousands). */
  private readonly byId = new Map<string, LedgerEntry[]>();
  private seq = 0;
  private headerWritten: boolean;
  /** Ids the run made up for resources that must not exist: in memory only, never created (absent-ids.ts). */
  readonly absent = new AbsentIds();

  constructor(
    readonly header: LedgerHeader,
    private readonly options: LedgerOptions = {},
    existing: readonly LedgerEntry[] = [],
  ) {
    for (const entry of existing) this.add({ ...entry, values: [...entry.values] });
    this.seq = existing.reduce((max, entry) => Math.max(max, entry.seq), 0);
    this.headerWritten = existing.length > 0 || options.file === undefined;
  }

  /** Reads a ledger file (tolerating a last line cut short by a crash) and keeps appending to it. */
  static load(file: string, redact?: Redact): Ledger {
    const { header, entries } = parseLedger(readFileSync(file, 'utf8'));
    const ledger = new Ledger(header, redact ? { file, redact } : { file }, entries);
    ledger.headerWritten = true;
    return ledger;
  }

  get file(): string | undefined {
    return this.options.file;
  }

  /** Before a create is sent. */
  intend(kind: ResourceKind, value: string, caseTag?: string): LedgerEntry {
    const entry = this.newEntry(kind, value);
    if (caseTag !== undefined) entry.case = caseTag;
    this.write(entry);
    return entry;
  }

  /**
   * The create answered with an id (even where it should have been refused: it exists all the same).
   * `once`: sent once and answered at the first attempt (see LedgerEntry.createdOnce).
   */
  created(entry: LedgerEntry, id: string, once = false): void {
    if (entry.id !== id) this.index(entry, id);
    entry.id = id;
    entry.state = 'created';
    if (once) entry.createdOnce = true;
    else delete entry.createdOnce;
    entry.createdAt = new Date().toISOString();
    if (!isSafeId(id)) entry.unsafeId = true;
    this.write(entry);
  }

  notCreated(entry: LedgerEntry): void {
    entry.state = 'not-created';
    this.write(entry);
  }

  /** A resource found by its prefixed name after its create went unanswered (timeout, crash). */
  adopt(pending: LedgerEntry, id: string): LedgerEntry {
    if (pending.id === undefined) {
      this.created(pending, id);
      return pending;
    }
    const entry: LedgerEntry = { ...pending, seq: ++this.seq, id, values: [...pending.values], deleted: false, createdAt: new Date().toISOString() };
    delete entry.deletedAt;
    delete entry.unsafeId;
    delete entry.createdOnce;
    delete entry.deletedOnce;
    if (!isSafeId(id)) entry.unsafeId = true;
    this.add(entry);
    this.write(entry);
    return entry;
  }

  /** A resource carrying the run prefix found on the target with no entry of its own (e.g. a create retried after a 503). */
  discovered(kind: ResourceKind, id: string, value: string): LedgerEntry {
    const entry = this.newEntry(kind, value);
    this.created(entry, id);
    return entry;
  }

  /** A pending entry, in the list but not yet written. */
  private newEntry(kind: ResourceKind, value: string): LedgerEntry {
    const entry: LedgerEntry = {
      seq: ++this.seq,
      kind,
      attribute: NAME_ATTRIBUTE[kind],
      value,
      values: [value],
      state: 'pending',
      deleted: false,
      requestedAt: new Date().toISOString(),
    };
    this.add(entry);
    return entry;
  }

  private add(entry: LedgerEntry): void {
    this.list.push(entry);
    if (entry.id !== undefined) this.index(entry, entry.id);
  }

  private index(entry: LedgerEntry, id: string): void {
    const key = `${entry.kind} ${id}`;
    const known = this.byId.get(key);
    if (known === undefined) this.byId.set(key, [entry]);
    else if (!known.includes(entry)) known.push(entry);
  }

  renamed(kind: ResourceKind, id: string, value: string): void {
    for (const entry of this.withId(kind, id)) {
      if (entry.values.includes(value)) continue;
      entry.values.push(value);
      this.write(entry);
    }
  }

  /** `once`: the DELETE was sent once and answered at the first attempt (see LedgerEntry.deletedOnce). */
  deleted(kind: ResourceKind, id: string, once = false): void {
    for (const entry of this.withId(kind, id)) {
      if (entry.deleted) continue;
      entry.deleted = true;
      entry.deletedAt = new Date().toISOString();
      if (once) entry.deletedOnce = true;
      this.write(entry);
    }
  }

  /** A DELETE was answered with success but the resource is still readable: the ledger must not claim it gone. */
  stillThere(kind: ResourceKind, id: string): void {
    for (const entry of this.withId(kind, id)) {
      if (!entry.deleted) continue;
      entry.deleted = false;
      delete entry.deletedAt;
      delete entry.deletedOnce;
      this.write(entry);
    }
  }

  /** Whether this run created the resource: the only ones it may change or delete. */
  owns(kind: ResourceKind, id: string): boolean {
    return this.withId(kind, id).length > 0;
  }

  isUnsafe(kind: ResourceKind, id: string): boolean {
    return this.withId(kind, id).some((entry) => entry.unsafeId === true);
  }

  entries(): readonly LedgerEntry[] {
    return this.list;
  }

  /** Created and not deleted yet; only those of one case when `caseTag` is given. */
  live(caseTag?: string): LedgerEntry[] {
    return this.list.filter(
      (entry) => entry.state === 'created' && !entry.deleted && entry.id !== undefined && (caseTag === undefined || entry.case === caseTag),
    );
  }

  pending(): LedgerEntry[] {
    return this.list.filter((entry) => entry.state === 'pending');
  }

  private withId(kind: ResourceKind, id: string): LedgerEntry[] {
    return this.byId.get(`${kind} ${id}`) ?? [];
  }

  private write(entry: LedgerEntry): void {
    const file = this.options.file;
    if (file === undefined) return;
    const redact = this.options.redact ?? ((text: string) => text);
    if (!this.headerWritten) {
      mkdirSync(dirname(file), { recursive: true });
      appendFileSync(file, `${redact(JSON.stringify(this.header))}\n`, { mode: 0o600 });
      this.headerWritten = true;
    }
    // Synchronous on purpose: the line is in the file before the next request can be sent.
    appendFileSync(file, `${redact(JSON.stringify({ type: 'resource', ...entry }))}\n`, { mode: 0o600 });
  }
}

export class LedgerFormatError extends Error {
  override readonly name = 'LedgerFormatError';
}

/** Header and the last snapshot of every entry; unreadable lines (a write cut short) are skipped. */
export function parseLedger(text: string): { header: LedgerHeader; entries: LedgerEntry[] } {
  let header: LedgerHeader | undefined;
  const bySeq = new Map<number, LedgerEntry>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line) as unknown;
    } catch {
      continue;
    }
    if (record === null || typeof record !== 'object') continue;
    const { type, ...rest } = record as { type?: unknown } & Record<string, unknown>;
    if (type === 'run' && header === undefined) header = record as LedgerHeader;
    else if (type === 'resource' && isEntry(rest)) bySeq.set(rest.seq, rest);
  }
  if (header === undefined || header.format !== LEDGER_FORMAT) {
    throw new LedgerFormatError(`not a ${LEDGER_FORMAT} file (no header line)`);
  }
  return { header, entries: [...bySeq.values()].sort((a, b) => a.seq - b.seq) };
}

function isEntry(value: Record<string, unknown>): value is LedgerEntry & Record<string, unknown> {
  return (
    typeof value.seq === 'number' &&
    (value.kind === 'user' || value.kind === 'group') &&
    typeof value.value === 'string' &&
    Array.isArray(value.values) &&
    (value.id === undefined || typeof value.id === 'string') &&
    ['pending', 'created', 'not-created'].includes(String(value.state))
  );
}
