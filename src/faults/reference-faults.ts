/**
 * Faults in reference attributes Entra sets after a create: the enterprise manager (reference §7 #18).
 * Judged under entra-default, the profile that maps manager (akamai-eaa does not, so Entra never sends it).
 */
import type { ScimMiddleware } from '../server/types.ts';
import { ENTERPRISE_URN, is, opPath, operationsOf, scimError } from './kit.ts';
import type { FaultVariant } from './types.ts';

/** A strict server that wants `{"value": …}` for the complex manager and refuses Entra's plain id string. */
const managerStringRejected: ScimMiddleware = async (request, next) => {
  const plainManager = operationsOf(request).some(
    (operation) => opPath(operation) === `${ENTERPRISE_URN}:manager`.toLowerCase() && typeof operation.value === 'string',
  );
  return is(request, 'PATCH', 'Users', true) && plainManager
    ? scimError(400, 'manager must be a complex value with a "value" sub-attribute', 'invalidValue')
    : next(request);
};

export const referenceFaults: FaultVariant[] = [
  {
    name: 'manager-string-rejected',
    description:
      'PATCH of the enterprise manager with a plain id string (what Entra sends) is refused with 400: every manager update fails as a reference failure on every cycle.',
    source: 'reference §7 #18',
    caughtBy: ['USR-MANAGER-01'],
    profile: 'entra-default',
    middleware: () => managerStringRejected,
  },
];
