/**
 * The sync cycles a load run replays, in Entra's order, and the requests of each step rendered from the
 * same fixtures (and the same profile restriction of PATCH bodies) the conformance cases send.
 *
 * Initial cycle [ED-HOW "Initial cycle" steps 3–5; "…synchronizes the users and the groups, and then later
 * synchronizes the dynamic membership group"]:
 *   1. every user: query by the matching attribute, then create it (or update it when found);
 *   2. every group: the same (groups are created with no members [ED-SCIM "Group Operations"]);
 *   3. memberships: PATCH add of `memberBatch` members at a time [ED-SCIM G-5; batch size undocumented].
 * Incremental cycle [ED-HOW "Incremental cycles" steps 3–9]: for a fraction of users, query by the matching
 * attribute, then update / disable / disable and re-enable / delete; then members removed from a fraction
 * of groups.
 */
import type { OutgoingRequest } from '../model/transport.ts';
import { CaseContext } from '../cases/context.ts';
import type { Dialect } from '../model/vocabulary.ts';
import { seededRandom } from '../data/seeded-random.ts';
import type { TestData } from '../data/test-data.ts';
import type { Profile } from '../profiles/profile.ts';

export type Cycle = 'initial' | 'incremental';

export interface LoadShape {
  users: number;
  groups: number;
  membersPerGroup: number;
  /** Members per add PATCH (Entra's batch size is undocumented: entra-wire.md §2.3 G-5). */
  memberBatch: number;
  cycles: Cycle[];
  /** Share of users (and groups) the incremental cycle changes. */
  changeFraction: number;
  /** Users and groups read back at the end of the initial cycle. */
  sample: number;
}

/** What one incremental change does to a user, by its place among the changed users. */
export type IncrementalRole = 'update' | 'disable' | 're-enable' | 'delete';
const ROLES: readonly IncrementalRole[] = ['update', 'disable', 're-enable', 'delete'];

/** Every `1/changeFraction`-th user (and group) changes; the roles take turns among them. */
export function changeStep(shape: Pick<LoadShape, 'changeFraction'>): number {
  return Math.max(1, Math.round(1 / shape.changeFraction));
}

export function incrementalRole(userIndex: number, shape: Pick<LoadShape, 'changeFraction'>): IncrementalRole | undefined {
  const step = changeStep(shape);
  if (userIndex % step !== 0) return undefined;
  return ROLES[(userIndex / step) % ROLES.length];
}

export function groupChanges(groupIndex: number, shape: Pick<LoadShape, 'changeFraction'>): boolean {
  return groupIndex % changeStep(shape) === 0;
}

/** Objects the run creates: what `--confirm` must equal against a remote target. */
export function plannedObjects(shape: Pick<LoadShape, 'users' | 'groups'>): number {
  return shape.users + shape.groups;
}

/** Requests the run plans to send (for progress and ETA; the end-of-run cleanup comes on top). */
export function plannedRequests(shape: LoadShape, dialect: Dialect): number {
  const members = Math.min(shape.membersPerGroup, shape.users);
  let total = 2 * shape.users + 2 * shape.groups + shape.groups * Math.ceil(members / shape.memberBatch);
  total += Math.min(shape.sample, shape.users) + Math.min(shape.sample, shape.groups) + Math.ceil(shape.users / PAGE_SIZE) + 1;
  if (shape.cycles.includes('incremental')) {
    let users = 0;
    for (let index = 0; index < shape.users; index += 1) {
      const role = incrementalRole(index, shape);
      if (role !== undefined) users += role === 're-enable' ? 3 : 2;
    }
    const removes = Math.min(shape.memberBatch, members);
    let groups = 0;
    for (let index = 0; index < shape.groups; index += 1) if (groupChanges(index, shape)) groups += dialect === 'compliant' ? removes : 1;
    total += users + groups;
  }
  return total;
}

/** Page size of the final paging check (Entra's account discovery page size is undocumented: §2.5). */
export const PAGE_SIZE = 100;

/**
 * The user indices of a group: `count` distinct users chosen by Floyd's algorithm from a generator seeded by
 * the run's seed and the group, so they can be derived again (incremental removes, read-back) without
 * keeping every membership in memory.
 */
export function membersOf(groupIndex: number, users: number, count: number, seed: number): number[] {
  const wanted = Math.min(count, users);
  const next = seededRandom((seed ^ Math.imul(groupIndex + 1, 0x9e3779b1)) >>> 0);
  const chosen = new Set<number>();
  const order: number[] = [];
  for (let j = users - wanted; j < users; j += 1) {
    const candidate = Math.floor(next() * (j + 1));
    const pick = chosen.has(candidate) ? j : candidate;
    chosen.add(pick);
    order.push(pick);
  }
  return order;
}

export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

/**
 * Entra's requests for this profile and dialect, rendered through a CaseContext: the conformance cases'
 * own rendering (query attribute from the profile, PATCH bodies cut to what the profile maps).
 */
export class EntraRequests {
  private readonly context: CaseContext;

  constructor(
    readonly profile: Profile,
    readonly dialect: Dialect,
    data: TestData,
  ) {
    const renderOnly = (): never => {
      throw new Error('EntraRequests only renders requests; the load runner sends them');
    };
    this.context = new CaseContext(renderOnly, profile, data, dialect);
  }

  /** The value Entra queries a user by (its matching attribute). */
  matchingValue(kind: 'user' | 'group', values: Record<string, unknown>): string {
    return this.context.matchingValue(kind, values);
  }

  queryUser(matchingValue: string): OutgoingRequest {
    return this.context.render('users/query-by-matching-attribute', { queryValue: matchingValue });
  }

  createUser(values: Record<string, unknown>): OutgoingRequest {
    return this.context.render('users/create', { userAttributes: this.context.mappedAttributes('user', values) });
  }

  /** A matched user gets every mapped attribute replaced [ED-HOW initial cycle step 5]. */
  updateUser(userId: string, values: Record<string, unknown>): OutgoingRequest {
    return this.context.render('users/replace-attributes-{dialect}', { ...values, userId });
  }

  /** The incremental attribute change the conformance case USR-PATCH-01 sends. */
  changeUser(userId: string, changes: Record<string, unknown>): OutgoingRequest {
    return this.context.render('users/update-email-and-family-name-{dialect}', { userId, workEmail: changes.workEmail, familyName: changes.familyName });
  }

  disableUser(userId: string): OutgoingRequest {
    return this.context.render('users/disable-{dialect}', { userId });
  }

  enableUser(userId: string): OutgoingRequest {
    return this.context.render('users/enable-{dialect}', { userId });
  }

  deleteUser(userId: string): OutgoingRequest {
    return this.context.render('users/delete', { userId });
  }

  readUser(userId: string): OutgoingRequest {
    return this.context.render('users/get-by-id', { userId });
  }

  listUsers(startIndex: number, count: number): OutgoingRequest {
    return this.context.render('users/list-page', { startIndex, count });
  }

  queryGroup(values: Record<string, unknown>): OutgoingRequest {
    return this.context.render('groups/query-by-matching-attribute', { queryValue: this.context.matchingValue('group', values) });
  }

  createGroup(values: Record<string, unknown>): OutgoingRequest {
    return this.context.render('groups/create-with-microsoft-schema', { groupAttributes: this.context.mappedAttributes('group', values) });
  }

  /** A matched group gets its display name replaced, as GRP-PATCH-01 sends it. */
  updateGroup(groupId: string, values: Record<string, unknown>): OutgoingRequest {
    return this.context.render('groups/rename-{dialect}', { groupId, groupDisplayName: values.groupDisplayName });
  }

  addMembers(groupId: string, userIds: readonly string[]): OutgoingRequest {
    return this.context.render('groups/add-members-{dialect}', { groupId, members: userIds.map((value) => ({ $ref: null, value })) });
  }

  /** Legacy removes a value array in one PATCH; compliant sends one `members[value eq "…"]` PATCH per member. */
  removeMembers(groupId: string, userIds: readonly string[]): OutgoingRequest[] {
    if (this.dialect === 'compliant') return userIds.map((memberId) => this.context.render('groups/remove-members-compliant', { groupId, memberId }));
    return [this.context.render('groups/remove-members-legacy', { groupId, members: userIds.map((value) => ({ $ref: null, value })) })];
  }

  readGroup(groupId: string): OutgoingRequest {
    return this.context.render('groups/get-with-members', { groupId });
  }

  /** What a written attribute of the profile holds, to compare a read-back with. */
  mapped(kind: 'user' | 'group', values: Record<string, unknown>): Record<string, unknown> {
    return this.context.mappedAttributes(kind, values);
  }
}
