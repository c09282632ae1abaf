/**
 * App roles (reference §2.2 U-15, ED-ATTR "Provisioning a role to a SCIM app"): a mapping of
 * AppRoleAssignmentsComplex([appRoleAssignments]) to `roles` makes Entra create the user with a `roles` array
 * (primary, type WindowsAzureActiveDirectoryRole, displayName, value; USR-CREATE-03 checks it is stored) and
 * send a later assignment by PATCH of `roles`. The default job's PATCH gives each role's `value` as a
 * JSON-encoded string of id, value and displayName; with aadOptscim062020 the PATCH carries the role as the
 * create does (derived). Only for profiles that map roles that way and let them flow on update.
 */
import { getInsensitive } from '../profiles/mapped-path.ts';
import { APP_ROLES_GENERATOR } from '../profiles/import/source-expression.ts';
import { isPatchable, writtenAttributes, type Profile } from '../profiles/profile.ts';
import { describeValue } from './checks.ts';
import { expectPatchAccepted, readBack } from './steps.ts';
import { ConformanceFailure, type ConformanceCase } from './types.ts';

interface AppRole {
  id: string;
  value: string;
  displayName: string;
}

/** Whether Entra sends app role assignments by PATCH of `roles` under this profile. */
export function patchesAppRoles(profile: Profile): boolean {
  return writtenAttributes(profile, 'user').some(
    (attribute) => attribute.path.toLowerCase() === 'roles' && attribute.generate === APP_ROLES_GENERATOR && isPatchable(attribute),
  );
}

/** The `value` of the role element the PATCH sent: the JSON text in the default job, the role's value with the flag. */
function sentRoleValue(body: unknown): unknown {
  const operation = (body as { Operations?: { value?: unknown }[] } | undefined)?.Operations?.[0];
  return Array.isArray(operation?.value) ? getInsensitive(operation.value[0], 'value') : undefined;
}

export const roleCases: ConformanceCase[] = [
  {
    id: 'USR-ROLES-01',
    level: 'MUST',
    name: "MUST store an app role Entra assigns by an add on roles, the default job's JSON-string role value included",
    area: 'users',
    spec: ['RFC7644-3.5.2.1', 'RFC7643-4.1.2', 'ENTRA-ED-ATTR', 'ENTRA-ED-COMPAT'],
    dialects: 'each',
    appliesTo: patchesAppRoles,
    fixtures: ['users/create', 'users/add-app-role-{dialect}', 'users/get-by-id'],
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'The user does not get the app role in the target: an add answered as done but not stored leaves the user without the access Entra assigned (a refused one fails on every cycle).',
      source: 'ENTRA-ED-ATTR',
    },
    async run(context) {
      const user = await context.createUser();
      const role = context.data.user().appRole as AppRole;
      const patch = await context.send('users/add-app-role-{dialect}', {
        userId: user.id,
        roleId: role.id,
        roleValue: role.value,
        roleDisplayName: role.displayName,
      });
      expectPatchAccepted(patch, 'user');
      const { reply, resource } = await readBack(context, 'user', user.id);
      // What the target must hold: ED-ATTR documents the JSON-string value but not what an app makes of it,
      // and no source says how Entra compares roles it reads back. RFC 7643 §4.1.2 makes roles.value a plain
      // string, so the text stored verbatim is conformant; decoding it to the role's own value (what apps
      // written for Entra do) is too. Either form counts; a role stored in neither, or not at all, fails.
      // Whether the create's role must survive is left alone: Microsoft's sample PATCH repeats every role,
      // so no source says if an add carries the new role only or all of them.
      const accepted = new Set([role.value, sentRoleValue(patch.request.body)]);
      const roles = getInsensitive(resource, 'roles');
      const held = (Array.isArray(roles) ? roles : []).some((element) => accepted.has(getInsensitive(element, 'value')));
      if (!held) {
        throw new ConformanceFailure(
          `${reply.label}: roles should hold the role ${role.value} assigned by ${context.resolveFixtureId('users/add-app-role-{dialect}')}, got ${describeValue(roles)}`,
          role.value,
          roles,
        );
      }
    },
  },
];
