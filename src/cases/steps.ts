/**
 * Request-plus-assertion steps several cases share: read a resource back, query by the matching attribute,
 * accept a PATCH the way Entra accepts it. Cases stay short and say only what is particular to them.
 */
import type { ResourceKind } from '../profiles/profile.ts';
import { expectEmptyList, expectResource, expectSingleMatch, expectStatus } from './checks.ts';
import type { CaseContext } from './context.ts';
import type { Reply } from '../model/reply.ts';

const GET_FIXTURE: Record<ResourceKind, string> = { user: 'users/get-by-id', group: 'groups/get-by-id' };
const QUERY_FIXTURE: Record<ResourceKind, string> = {
  user: 'users/query-by-matching-attribute',
  group: 'groups/query-by-matching-attribute',
};

/** GET by id (members excluded for groups, as Entra asks) → 200 and a valid resource. */
export async function readBack(
  context: CaseContext,
  kind: ResourceKind,
  id: string,
): Promise<{ reply: Reply; resource: Record<string, unknown> }> {
  const reply = await context.send(GET_FIXTURE[kind], kind === 'user' ? { userId: id } : { groupId: id });
  expectStatus(reply, [200]);
  return { reply, resource: expectResource(reply, kind) };
}

/**
 * Queries by the matching attribute (or by `attributePath`, another of the profile's matching attributes,
 * as Entra does when the first finds nothing) and expects exactly the resource with `id`.
 */
export async function expectFoundByQuery(
  context: CaseContext,
  kind: ResourceKind,
  value: string,
  id: string,
  attributePath?: string,
): Promise<Record<string, unknown>> {
  const reply = await context.send(QUERY_FIXTURE[kind], { queryValue: value, ...queryAttribute(kind, attributePath) });
  return expectSingleMatch(reply, kind, id);
}

export async function expectNotFoundByQuery(context: CaseContext, kind: ResourceKind, value: string, attributePath?: string): Promise<void> {
  const reply = await context.send(QUERY_FIXTURE[kind], { queryValue: value, ...queryAttribute(kind, attributePath) });
  expectEmptyList(reply, kind);
}

function queryAttribute(kind: ResourceKind, attributePath: string | undefined): Record<string, string> {
  if (attributePath === undefined) return {};
  return kind === 'user' ? { userQueryAttribute: attributePath } : { groupQueryAttribute: attributePath };
}

/**
 * Tolerance: a PATCH succeeds with 204, or with 200 and either the resource or no body at all (ED-SCIM: "It
 * isn't necessary to include the entire resource in the PATCH response"; REF-LA passes 200/204). A body that
 * is there must be a valid resource. A PATCH whose answer was lost is judged by the resource read back.
 */
export function expectPatchAccepted(reply: Reply, kind: ResourceKind): void {
  // A PATCH whose answer was lost and that was read back instead: the case judges the read-back state.
  if (reply.recovered === undefined) expectStatus(reply, [200, 204]);
  if (reply.status === 200 && reply.bodyText.trim() !== '') expectResource(reply, kind);
}
