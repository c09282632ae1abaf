/**
 * `Add` on enterprise extension attributes (issue 10, item 2, where the profile maps them): a user whose
 * department and employee id are empty in Entra is created without them (so, when the profile maps nothing
 * else there, without the enterprise extension object at all), and gets their first values later by `Add`
 * on the URN path (the default job's
 * form is captured for department, limosa-io/laravel-scim-server#34; the compliant `add` keeps the path as
 * ED-COMPAT block 2b does). RFC 7644 §3.5.2.1: an add on an attribute that has no value sets it, and an
 * extension attribute is addressed by its schema URN (§3.10).
 */
import { isPatchable, writtenAttributes, type MappedAttribute, type Profile } from '../profiles/profile.ts';
import { ENTERPRISE_USER_URN } from '../profiles/mapped-path.ts';
import { expectMappedValue } from './checks.ts';
import { expectPatchAccepted, readBack } from './steps.ts';
import type { ConformanceCase } from './types.ts';

/** The enterprise attributes the fixture adds, by path (lower-cased for comparison). */
const ADDED_PATHS = [`${ENTERPRISE_USER_URN}:department`, `${ENTERPRISE_USER_URN}:employeeNumber`].map((path) => path.toLowerCase());

/** Those the profile maps and Entra PATCHes; a required one is never empty, so it never gets a first value. */
function addedAttributes(profile: Profile): MappedAttribute[] {
  return writtenAttributes(profile, 'user').filter(
    (attribute) => ADDED_PATHS.includes(attribute.path.toLowerCase()) && isPatchable(attribute) && !attribute.required,
  );
}

export const enterpriseAddCases: ConformanceCase[] = [
  {
    id: 'USR-ADD-02',
    level: 'MUST',
    name: 'MUST apply Add on enterprise extension attributes that had no value, even before the user has the extension',
    area: 'users',
    spec: ['RFC7644-3.5.2.1', 'RFC7644-3.10', 'ENTRA-ED-COMPAT', 'ENTRA-ED-SCIM'],
    dialects: 'each',
    appliesTo: (profile) => addedAttributes(profile).length > 0,
    fixtures: ['users/create', 'users/add-enterprise-attributes-{dialect}', 'users/get-by-id'],
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'A department or employee id entered after the user was provisioned never reaches the target when the add is dropped (or fails every cycle when it is refused).',
      source: 'ENTRA-ED-COMPAT',
    },
    async run(context) {
      const attributes = addedAttributes(context.profile);
      // Only these are empty; where they are all the extension holds (entra-default), the user has no extension object yet.
      const user = await context.createUser(attributes.map((attribute) => attribute.generate));
      const changes = context.data.user();
      const patch = await context.send('users/add-enterprise-attributes-{dialect}', {
        userId: user.id,
        department: changes.department,
        employeeNumber: changes.employeeNumber,
      });
      expectPatchAccepted(patch, 'user');
      const { reply, resource } = await readBack(context, 'user', user.id);
      for (const attribute of attributes) expectMappedValue(reply, resource, attribute.path, changes[attribute.generate]);
    },
  },
];
