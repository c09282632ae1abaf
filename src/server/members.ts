/**
 * Group membership as a Map keyed by member id, plus a change overlay so a PATCH costs O(changed members)
 * whatever the group size, and stays atomic (RFC 7644 §3.5.2): the overlay is only committed when every
 * operation succeeded.
 */

export interface Member {
  value: string;
  display?: string;
  type?: string;
}

/** What the PATCH engine needs of a member collection. */
export interface MemberSet {
  readonly size: number;
  has(value: string): boolean;
  /** Adds the member unless one with the same value is already there (re-adding is not an error). */
  add(member: Member): void;
  delete(value: string): void;
  clear(): void;
  values(): Iterable<Member>;
}

export interface MemberDiff {
  added: string[];
  removed: string[];
}

/** Records changes against a base Map without touching it until `commit`. */
export class MemberChanges implements MemberSet {
  private cleared = false;
  /** Members not in the (visible) base. */
  private readonly added = new Map<string, Member>();
  /** Base members deleted; only meaningful while not cleared. */
  private readonly removed = new Set<string>();

  constructor(private readonly base: ReadonlyMap<string, Member>) {}

  private inBase(value: string): boolean {
    return !this.cleared && this.base.has(value);
  }

  get size(): number {
    return (this.cleared ? 0 : this.base.size - this.removed.size) + this.added.size;
  }

  has(value: string): boolean {
    return this.added.has(value) || (this.inBase(value) && !this.removed.has(value));
  }

  add(member: Member): void {
    if (this.has(member.value)) return;
    if (this.inBase(member.value)) this.removed.delete(member.value);
    else this.added.set(member.value, member);
  }

  delete(value: string): void {
    this.added.delete(value);
    if (this.inBase(value)) this.removed.add(value);
  }

  clear(): void {
    this.cleared = true;
    this.added.clear();
    this.removed.clear();
  }

  *values(): IterableIterator<Member> {
    if (!this.cleared) for (const member of this.base.values()) if (!this.removed.has(member.value)) yield member;
    yield* this.added.values();
  }

  /** True when nothing would change. */
  get isEmpty(): boolean {
    return !this.cleared && this.added.size === 0 && this.removed.size === 0;
  }

  /** Applies the changes to `target` (normally the base Map itself) and reports which ids came and went. */
  commit(target: Map<string, Member>): MemberDiff {
    if (this.cleared) {
      const removed = [...this.base.keys()].filter((value) => !this.added.has(value));
      const added = [...this.added.keys()].filter((value) => !this.base.has(value));
      const kept = [...this.added.values()];
      target.clear();
      for (const member of kept) target.set(member.value, member);
      return { added, removed };
    }
    for (const value of this.removed) target.delete(value);
    for (const [value, member] of this.added) target.set(value, member);
    return { added: [...this.added.keys()], removed: [...this.removed] };
  }
}
