/**
 * Realises "no-path keys stored under the wrong name" faults (reference §7 #13, #14, #16) around a core that
 * would apply them correctly: the selected keys are taken out of the PATCH before the core sees it, kept per
 * user under the key the faulty server would have stored, and merged into every later representation of
 * that user. From the wire this is exactly a server that wrote `"name.familyName": …` (or a root
 * `employeeNumber`) and left the real attribute untouched.
 */
import type { ScimMiddleware } from '../server/types.ts';
import { isObject, mapResources, operationsOf, pretendApplied, targetOf, withOperations, type Json, type PatchOperation } from './kit.ts';

/** `storedAs(key)` names the literal key a no-path key lands under, or undefined to leave the key alone. */
export function divertNoPathKeys(storedAs: (key: string) => string | undefined): ScimMiddleware {
  const literals = new Map<string, Json>();
  const withLiterals: Parameters<typeof mapResources>[1] = (resource) => ({ ...resource, ...literals.get(String(resource.id)) });

  return async (request, next) => {
    const { endpoint, id } = targetOf(request);
    if (request.method.toUpperCase() !== 'PATCH' || endpoint !== 'Users' || id === undefined) {
      return mapResources(await next(request), withLiterals);
    }
    const diverted: Json = {};
    const operations = operationsOf(request).flatMap((operation): PatchOperation[] => {
      if (operation.path !== undefined || !isObject(operation.value)) return [operation];
      const kept: Json = {};
      for (const [key, value] of Object.entries(operation.value)) {
        const literal = storedAs(key);
        if (literal === undefined) kept[key] = value;
        else diverted[literal] = value;
      }
      return Object.keys(kept).length === 0 ? [] : [{ ...operation, value: kept }];
    });
    const response = operations.length === 0 ? await pretendApplied(request, next) : await next(withOperations(request, operations));
    if (response.status < 300 && Object.keys(diverted).length > 0) literals.set(id, { ...literals.get(id), ...diverted });
    return mapResources(response, withLiterals);
  };
}
