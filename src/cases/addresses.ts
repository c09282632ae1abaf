/**
 * The typed work address (issue 10, item 8): Entra's default mapping writes five sub-attributes of one element,
 * `addresses[type eq "work"].streetAddress`, `.locality`, `.region`, `.postalCode`, `.country` (ED-SCIM attribute
 * table), and a change of street and city arrives as one op per sub-attribute on those typed paths (ED-COMPAT
 * block 3a; with the flag, block 3b keeps typed paths as separate ops). Each op must change its sub-attribute
 * of the one work address and leave the other sub-attributes and the element itself alone.
 */
import { getInsensitive } from '../profiles/mapped-path.ts';
import { writtenAttributes } from '../profiles/profile.ts';
import { expectMappedValue } from './checks.ts';
import { expectPatchAccepted, readBack } from './steps.ts';
import { ConformanceFailure, type ConformanceCase } from './types.ts';

const WORK_ADDRESS = 'addresses[type eq "work"]';
const CHANGED = ['streetAddress', 'locality'] as const;

export const addressCases: ConformanceCase[] = [
  {
    id: 'USR-ADDRESS-01',
    level: 'MUST',
    name: 'MUST apply a change of street and city on their typed paths to the one work address, keeping its other parts',
    area: 'users',
    spec: ['RFC7644-3.5.2.3', 'RFC7643-4.1.2', 'ENTRA-ED-SCIM', 'ENTRA-ED-COMPAT', 'ENTRA-3P-VAL'],
    dialects: 'each',
    appliesTo: (profile) => CHANGED.every((sub) => writtenAttributes(profile, 'user').some((attribute) => attribute.path === `${WORK_ADDRESS}.${sub}`)),
    fixtures: ['users/create', 'users/replace-work-address-{dialect}', 'users/get-by-id'],
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'Entra records the change as done: an address change in Entra leaves the target with a wrong or partial work address (or a second one), and Entra does not send it again.',
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      const user = await context.createUser();
      const changes = context.data.user();
      const patch = await context.send('users/replace-work-address-{dialect}', { userId: user.id, streetAddress: changes.streetAddress, locality: changes.locality });
      expectPatchAccepted(patch, 'user');
      const { reply, resource } = await readBack(context, 'user', user.id);
      const workAddresses = ((getInsensitive(resource, 'addresses') ?? []) as unknown[]).filter(
        (element) => String(getInsensitive(element, 'type') ?? '').toLowerCase() === 'work',
      );
      // ED-SCIM: the type values of a multi-valued attribute are unique, so an op on a typed path edits that element.
      if (workAddresses.length !== 1) {
        throw new ConformanceFailure(`${reply.label}: the user should have exactly one work address, got ${workAddresses.length}`, 1, workAddresses.length);
      }
      for (const attribute of writtenAttributes(context.profile, 'user').filter((each) => each.path.startsWith(`${WORK_ADDRESS}.`))) {
        const changed = (CHANGED as readonly string[]).includes(attribute.path.slice(WORK_ADDRESS.length + 1));
        expectMappedValue(reply, resource, attribute.path, (changed ? changes : user.values)[attribute.generate]);
      }
    },
  },
];
