/**
 * What one observation has seen happen to users and groups: created (with the name sent), renamed, deleted.
 * The sequence checks read it (a create of a name already created must get 409; a second delete 404), and
 * so do the reads that need to know whether an id exists. Only what went by is known: an object created
 * before the observation started is "not known", never "absent".
 */
import type { ResourceKind } from '../profiles/profile.ts';
import type { RequestFacts } from './request-facts.ts';

const NAME_ATTRIBUTE: Record<ResourceKind, string> = { user: 'userName', group: 'displayName' };

export class ObservedObjects {
  private readonly live = new Map<string, { kind: ResourceKind; name?: string }>();
  private readonly deleted = new Set<string>();

  knows(id: string): boolean {
    return this.live.has(id) || this.deleted.has(id);
  }

  isLive(id: string): boolean {
    return this.live.has(id);
  }

  isDeleted(id: string): boolean {
    return this.deleted.has(id);
  }

  nameOf(id: string): string | undefined {
    return this.live.get(id)?.name;
  }

  /** Names compare case-insensitively: userName and a group's displayName are unique regardless of case (RFC 7643 §4.1.1). */
  holdsName(kind: ResourceKind, name: unknown): boolean {
    if (typeof name !== 'string') return false;
    const wanted = name.toLowerCase();
    return [...this.live.values()].some((object) => object.kind === kind && object.name?.toLowerCase() === wanted);
  }

  /** Learns from an exchange once it has been judged (so a check sees the state before it). */
  learn(facts: RequestFacts, status: number, answer: unknown): void {
    if (facts.kind === undefined || status < 200 || status >= 300) return;
    if (facts.action === 'create') {
      const id = (answer as { id?: unknown } | undefined)?.id;
      const name = facts.body?.[NAME_ATTRIBUTE[facts.kind]];
      if (typeof id === 'string' && id !== '') this.live.set(id, { kind: facts.kind, ...(typeof name === 'string' ? { name } : {}) });
    } else if (facts.action === 'delete' && facts.id !== undefined) {
      this.live.delete(facts.id);
      this.deleted.add(facts.id);
    } else if (facts.action === 'patch' && facts.id !== undefined) {
      // A PATCH that names the name attribute anywhere may have renamed it: the old name is no longer known.
      const object = this.live.get(facts.id);
      if (object !== undefined && JSON.stringify(facts.body ?? {}).toLowerCase().includes(NAME_ATTRIBUTE[facts.kind].toLowerCase())) {
        this.live.set(facts.id, { kind: object.kind });
      }
    }
  }
}
