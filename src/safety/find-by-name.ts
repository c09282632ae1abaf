/**
 * Finds this run's resources on the target by their unique, prefixed name (userName, group displayName),
 * the way the sweep and the resolution of a lost create answer both need to: a filter `eq` on the name,
 * trusting only the resources whose name really is that name.
 */
import type { OutgoingRequest } from '../model/transport.ts';
import type { Reply } from '../model/reply.ts';
import { renderFixture } from '../fixtures/fixtures.ts';
import { getInsensitive } from '../profiles/mapped-path.ts';
import type { ResourceKind } from '../profiles/profile.ts';

/** A send that hands back the failure instead of throwing it. */
export type Answer = (request: OutgoingRequest) => Promise<Reply | Error>;

const QUERY_FIXTURE: Record<ResourceKind, string> = {
  user: 'users/query-by-matching-attribute',
  group: 'groups/query-by-matching-attribute',
};

export interface NameLookup {
  /** Ids of the resources named `value`; undefined when the target gave no usable answer. */
  ids: string[] | undefined;
  /** The query's exchange or its failure, for the report. */
  reply: Reply | Error;
}

/**
 * Ids of the resources a filter on the name returns whose name really is `value` (case-insensitively, as
 * userName and displayName compare): a target that answers a filter with anything else is not trusted with
 * what gets deleted.
 */
export async function findByName(answer: Answer, kind: ResourceKind, attribute: string, value: string): Promise<NameLookup> {
  const variables = { userQueryAttribute: attribute, groupQueryAttribute: attribute, queryValue: value };
  const reply = await answer(renderFixture(QUERY_FIXTURE[kind], variables));
  if (reply instanceof Error || reply.status !== 200) return { ids: undefined, reply };
  const resources = getInsensitive(reply.json, 'Resources');
  if (!Array.isArray(resources)) return { ids: getInsensitive(reply.json, 'totalResults') === 0 ? [] : undefined, reply };
  const ids = resources.flatMap((resource) => {
    const id = getInsensitive(resource, 'id');
    const name = getInsensitive(resource, attribute);
    const matches = typeof name === 'string' && name.toLowerCase() === value.toLowerCase();
    return matches && (typeof id === 'string' || typeof id === 'number') && String(id) !== '' ? [String(id)] : [];
  });
  return { ids, reply };
}

/** `send` as an Answer: failures come back as values. */
export function answering(send: (request: OutgoingRequest) => Promise<Reply>): Answer {
  return async (request) => {
    try {
      return await send(request);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };
}
