/**
 * Entra only writes attributes the admin mapped. A fixture PATCH body holds a documented sample (block 3a/3b);
 * before sending, ops and no-path keys for attributes the profile does not map are dropped, so the target
 * only ever receives what Entra would send it with this profile. Attributes the mapping writes on create only
 * (flowType ObjectAddOnly, AttributeAddOnly) and constants are dropped too: Entra never PATCHes them.
 */
import { isPatchable, type Profile, type ResourceKind } from './profile.ts';

interface PatchOperation {
  op?: unknown;
  path?: unknown;
  value?: unknown;
}

export function restrictPatchToProfile(body: unknown, profile: Profile, kind: ResourceKind): unknown {
  if (!body || typeof body !== 'object' || !Array.isArray((body as { Operations?: unknown }).Operations)) return body;
  const mapped = new Set(profile[kind].attributes.filter(isPatchable).map((attribute) => normalise(attribute.path)));
  // Attributes a PATCH may touch whatever the mapping says: `active` is always mapped (IsSoftDeleted), and
  // `members` filters (`members[value eq "…"]`) address the mapped members attribute.
  const isMapped = (path: string): boolean => {
    const key = normalise(path);
    return mapped.has(key) || (key.startsWith('members[') && mapped.has('members'));
  };
  const operations = ((body as { Operations: PatchOperation[] }).Operations)
    .map((operation) => restrictOperation(operation, isMapped))
    .filter((operation): operation is PatchOperation => operation !== undefined);
  return { ...(body as object), Operations: operations };
}

function restrictOperation(operation: PatchOperation, isMapped: (path: string) => boolean): PatchOperation | undefined {
  if (typeof operation.path === 'string') return isMapped(operation.path) ? operation : undefined;
  if (!operation.value || typeof operation.value !== 'object' || Array.isArray(operation.value)) return operation;
  const kept = Object.entries(operation.value).filter(([key]) => isMapped(key));
  return kept.length === 0 ? undefined : { ...operation, value: Object.fromEntries(kept) };
}

function normalise(path: string): string {
  return path.toLowerCase().replace(/\s+/g, ' ');
}
