/**
 * Ids the run makes up for resources that must not exist (the SCIM Validator's "Delete a non-existent User /
 * Group"), and the one exception they open in the guard: a DELETE of a /Users/{id} or /Groups/{id} the run
 * did not create. Sound because of three conditions together (docs/safety.md, "Deleting what does not exist"):
 * - the id is a random UUID v4 minted here (122 random bits): no directory holds it except by a chance far
 *   below any other risk of a run;
 * - a GET of exactly that id answered 404 just before: the target itself says there is nothing there;
 * - the exception is single-use: one DELETE per minted id, and only while the last GET of it said 404.
 * Nothing is created, so nothing goes in the ledger's file or its cleanup. Kept in memory for the run only.
 */
import { randomUUID } from 'node:crypto';
import type { ResourceKind } from '../profiles/profile.ts';

type State = 'minted' | 'shown-absent' | 'spent';

export class AbsentIds {
  private readonly states = new Map<string, State>();

  /** A fresh UUID v4 for a `kind` that no one created; recorded as minted, never created. */
  mint(kind: ResourceKind): string {
    const id = randomUUID();
    this.states.set(key(kind, id), 'minted');
    return id;
  }

  isMinted(kind: ResourceKind, id: string): boolean {
    return this.states.has(key(kind, id));
  }

  /** The answer to a GET of a minted id: only a 404 opens the DELETE; any other answer closes it again. */
  observeGet(kind: ResourceKind, id: string, status: number): void {
    const state = this.states.get(key(kind, id));
    if (state === undefined || state === 'spent') return;
    this.states.set(key(kind, id), status === 404 ? 'shown-absent' : 'minted');
  }

  /** Whether a DELETE of `id` may go out now; if so, the exception is spent (one DELETE per minted id). */
  takeDelete(kind: ResourceKind, id: string): boolean {
    if (this.states.get(key(kind, id)) !== 'shown-absent') return false;
    this.states.set(key(kind, id), 'spent');
    return true;
  }
}

const key = (kind: ResourceKind, id: string): string => `${kind}/${id}`;
