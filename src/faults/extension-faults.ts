/**
 * Faults in how a server handles custom extension attributes (reference §2.2 U-14, ED-ATTR): judged under
 * the imported custom-attribute mapping, the only profile that sends such attributes.
 */
import type { ScimMiddleware } from '../server/types.ts';
import { ENTERPRISE_URN, isObject, operationsOf, pretendApplied, targetOf, withOperations, type PatchOperation } from './kit.ts';
import type { FaultVariant } from './types.ts';

/** The exported mapping with a custom extension attribute (fixtures/entra-exports/README.md). */
export const CUSTOM_ATTRIBUTE_EXPORT = 'fixtures/entra-exports/custom-attributes.json';

/** An attribute path or key under an extension schema that is neither the core nor the enterprise one. */
const isCustomUrn = (key: unknown): boolean =>
  typeof key === 'string' && /^urn:ietf:params:scim:schemas:extension:/i.test(key) && !key.toLowerCase().startsWith(ENTERPRISE_URN.toLowerCase());

function withoutCustomAttributes(operations: PatchOperation[]): PatchOperation[] {
  return operations.flatMap((operation) => {
    if (isCustomUrn(operation.path)) return [];
    if (operation.path !== undefined || !isObject(operation.value)) return [operation];
    const kept = Object.fromEntries(Object.entries(operation.value).filter(([key]) => !isCustomUrn(key)));
    return Object.keys(kept).length === 0 ? [] : [{ ...operation, value: kept }];
  });
}

/** Answers a PATCH of a custom extension attribute as done, but never applies it (the create's value stays). */
const customExtensionPatchIgnored: ScimMiddleware = async (request, next) => {
  if (request.method.toUpperCase() !== 'PATCH' || targetOf(request).endpoint !== 'Users') return next(request);
  const operations = withoutCustomAttributes(operationsOf(request));
  return operations.length === 0 ? pretendApplied(request, next) : next(withOperations(request, operations));
};

export const extensionFaults: FaultVariant[] = [
  {
    name: 'custom-extension-patch-ignored',
    description:
      'Accepts a PATCH of a custom extension attribute (URN path, or URN key of a no-path value) with success but never applies it: the value stays what the create set, and Entra believes the change was made.',
    source: 'reference §2.2 U-14',
    caughtBy: ['USR-EXT-01'],
    profile: CUSTOM_ATTRIBUTE_EXPORT,
    middleware: () => customExtensionPatchIgnored,
  },
];
