/**
 * Whether Entra would send a case's PATCH requests to a profile, derived from the fixtures' attribute paths:
 * Entra writes only mapped attributes (restrict-patch), so a PATCH fixture none of whose operations touches
 * an attribute the profile maps would go out with an empty `Operations` array, a request Entra never
 * sends. A case applies only when each of its PATCH fixtures keeps an operation.
 */
import { getFixture } from '../fixtures/fixtures.ts';
import type { Profile, ResourceKind } from '../profiles/profile.ts';
import { restrictPatchToProfile } from '../profiles/restrict-patch.ts';

interface TemplateOperation {
  op?: unknown;
  path?: unknown;
  value?: unknown;
}

/** The resource a request addresses, by its path (`/Groups…` or `/Users…`). */
export function resourceKindOf(path: string): ResourceKind {
  return path.startsWith('/Groups') ? 'group' : 'user';
}

/** True when every PATCH among `fixtureIds` keeps at least one operation for the profile. */
export function patchesKeepOperations(fixtureIds: readonly string[], profile: Profile): boolean {
  return fixtureIds.every((id) => {
    const { request } = getFixture(id);
    if (request.method !== 'PATCH') return true;
    const kind = resourceKindOf(request.path);
    // An operation on a placeholder path (a custom attribute filled in at run time) is the case's own
    // business (its appliesTo); only fixed paths are judged here.
    return operationsOf(request.body).some((operation) => isTemplated(operation) || keptOperations({ Operations: [operation] }, profile, kind) > 0);
  });
}

/**
 * The attribute paths each PATCH among `fixtureIds` writes, one list per fixture whose paths are fixed: a
 * profile must map one path of every list for the case to apply. For `list`, where no profile is loaded.
 */
export function mappingNeeds(fixtureIds: readonly string[]): string[][] {
  const needs = new Map<string, string[]>();
  for (const id of fixtureIds) {
    const { request } = getFixture(id);
    if (request.method !== 'PATCH') continue;
    const operations = operationsOf(request.body);
    if (operations.some(isTemplated)) continue;
    const paths = [...new Set(operations.flatMap(pathsOf))];
    needs.set(JSON.stringify(paths), paths);
  }
  return [...needs.values()];
}

/** The attribute paths a PATCH body writes: each operation's path, or the keys of a no-path value. */
export function patchedPaths(body: unknown): string[] {
  return operationsOf(body).flatMap(pathsOf);
}

function operationsOf(body: unknown): TemplateOperation[] {
  const operations = (body as { Operations?: unknown } | undefined)?.Operations;
  return Array.isArray(operations) ? (operations as TemplateOperation[]) : [];
}

function pathsOf(operation: TemplateOperation): string[] {
  if (typeof operation.path === 'string') return [operation.path.replace(/\[value eq .*\]$/, '')];
  return operation.value !== null && typeof operation.value === 'object' && !Array.isArray(operation.value) ? Object.keys(operation.value) : [];
}

function isTemplated(operation: TemplateOperation): boolean {
  return pathsOf(operation).some((path) => path.includes('{{') || path === '...');
}

function keptOperations(body: unknown, profile: Profile, kind: ResourceKind): number {
  return operationsOf(restrictPatchToProfile(body, profile, kind)).length;
}
