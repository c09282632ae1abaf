/**
 * Custom extension attributes (reference §2.2 U-14, ED-ATTR): an admin maps a source attribute to
 * `urn:ietf:params:scim:schemas:extension:<Name>:2.0:User:<attribute>`. Entra creates the user with the
 * extension object in the POST body (USR-CREATE-03 checks it is stored) and sends each later change by
 * PATCH: on the URN path in the legacy dialect, as a URN key of a no-path value in the compliant one.
 * Only for profiles that map such an attribute and let it flow on update.
 */
import { ENTERPRISE_USER_URN, parseMappedPath } from '../profiles/mapped-path.ts';
import { isPatchable, writtenAttributes, type MappedAttribute, type Profile } from '../profiles/profile.ts';
import { expectMappedValue } from './checks.ts';
import { expectPatchAccepted, readBack } from './steps.ts';
import type { ConformanceCase } from './types.ts';

/** Written user attributes under an extension URN other than the enterprise one, that Entra also PATCHes. */
export function patchableCustomAttributes(profile: Profile): MappedAttribute[] {
  return writtenAttributes(profile, 'user').filter((attribute) => {
    const urn = parseMappedPath(attribute.path).schemaUrn;
    return urn !== undefined && urn.toLowerCase() !== ENTERPRISE_USER_URN.toLowerCase() && isPatchable(attribute);
  });
}

export const customAttributeCases: ConformanceCase[] = [
  {
    id: 'USR-EXT-01',
    level: 'MUST',
    name: "MUST apply Entra's PATCH of a custom extension attribute addressed by its schema URN",
    area: 'users',
    spec: ['RFC7644-3.5.2.3', 'RFC7644-3.10', 'RFC7643-3.3', 'ENTRA-ED-ATTR', 'ENTRA-ED-COMPAT'],
    dialects: 'each',
    appliesTo: (profile) => patchableCustomAttributes(profile).length > 0,
    fixtures: ['users/create', 'users/update-custom-attribute-{dialect}', 'users/get-by-id'],
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'Changes to the custom attribute in Entra never reach the target: an ignored PATCH leaves the value from the create in place while Entra believes it synchronised (a refused one fails every cycle).',
      source: 'ENTRA-ED-COMPAT',
    },
    async run(context) {
      const user = await context.createUser();
      const changes = context.data.user();
      const attributes = patchableCustomAttributes(context.profile);
      for (const attribute of attributes) {
        const patch = await context.send('users/update-custom-attribute-{dialect}', {
          userId: user.id,
          customPath: attribute.path,
          customValue: changes[attribute.generate],
        });
        expectPatchAccepted(patch, 'user');
      }
      const { reply, resource } = await readBack(context, 'user', user.id);
      for (const attribute of attributes) expectMappedValue(reply, resource, attribute.path, changes[attribute.generate]);
    },
  },
];
