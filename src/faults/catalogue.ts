/**
 * Every single-fault variant of the reference server, as data: the detection test, `npm run mutants` and
 * (once wired) `serve --fault NAME` all read this list. Each fault realises one way real servers break
 * Entra provisioning (reference §4 and §7) as middleware around the conformant core.
 */
import { discoveryFaults } from './discovery-faults.ts';
import { referenceFaults } from './reference-faults.ts';
import type { ScimMiddleware } from '../server/types.ts';
import { lifecycleFaults } from './lifecycle-faults.ts';
import { patchFaults } from './patch-faults.ts';
import { extensionFaults } from './extension-faults.ts';
import { mappingFaults } from './mapping-faults.ts';
import { tenantShapeFaults } from './tenant-shape-faults.ts';
import { roleFaults } from './role-faults.ts';
import { realPeopleFaults } from './real-people-faults.ts';
import { queryFaults } from './query-faults.ts';
import { responseFaults } from './response-faults.ts';
import { toleratedVariants } from './tolerated.ts';
import { verdictFaults } from './verdict-faults.ts';
import { oauthFaults } from './oauth-faults.ts';
import { galleryFaults } from './gallery-faults.ts';
import { galleryDirectFaults } from './gallery-direct-faults.ts';
import type { FaultVariant, ToleratedVariant } from './types.ts';

export type { FaultVariant, ToleratedVariant } from './types.ts';
export { toleratedVariants } from './tolerated.ts';

/** The profile faults are judged under unless a fault names another. */
export const DEFAULT_FAULT_PROFILE = 'akamai-eaa';

export const faultCatalogue: readonly FaultVariant[] = [...queryFaults, ...patchFaults, ...responseFaults, ...lifecycleFaults, ...discoveryFaults, ...referenceFaults, ...verdictFaults, ...extensionFaults, ...mappingFaults, ...tenantShapeFaults, ...roleFaults, ...realPeopleFaults, ...oauthFaults, ...galleryFaults, ...galleryDirectFaults];

/** A fault or tolerated variant by name, or undefined. */
export function findVariant(name: string): FaultVariant | ToleratedVariant | undefined {
  return faultCatalogue.find((fault) => fault.name === name) ?? toleratedVariants.find((variant) => variant.name === name);
}

/**
 * A fresh middleware for `serve --fault NAME` (fault or tolerated variant); throws with the known names
 * when there is no such variant, so the CLI can print that as its one-line error.
 */
export function variantMiddleware(name: string): ScimMiddleware {
  const variant = findVariant(name);
  if (variant === undefined) {
    const known = [...faultCatalogue, ...toleratedVariants].map((entry) => entry.name).join(', ');
    throw new Error(`unknown fault "${name}"; known: ${known}`);
  }
  return variant.middleware();
}
