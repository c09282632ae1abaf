/**
 * `Add` on single-valued attributes (issue 10, item 2): the legacy job sends `Add` when an attribute gets its
 * first value (ED-COMPAT block 2a), the compliant one `add` (block 2b), and one body may mix it with a
 * `Replace` of an attribute that already had a value. RFC 7644 §3.5.2.1 makes `add` on a single-valued
 * attribute a replace of its value, so the target must take it; the result is read back.
 */
import { writtenAttributes } from '../profiles/profile.ts';
import { expectMappedValue } from './checks.ts';
import { expectPatchAccepted, readBack } from './steps.ts';
import type { ConformanceCase } from './types.ts';

/** Attributes the fixture adds (the user is created without them) and the one it replaces, by generator. */
const ADDED = { displayName: 'displayName', 'name.givenName': 'givenName', externalId: 'externalId' } as const;
const REPLACED = { 'name.familyName': 'familyName' } as const;

export const singleValuedAddCases: ConformanceCase[] = [
  {
    id: 'USR-ADD-01',
    level: 'MUST',
    name: 'MUST apply Add on single-valued attributes that had no value, mixed with a Replace in one PATCH',
    area: 'users',
    spec: ['RFC7644-3.5.2.1', 'ENTRA-ED-COMPAT'],
    dialects: 'each',
    fixtures: ['users/create', 'users/add-single-valued-{dialect}', 'users/get-by-id'],
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'retried-every-cycle',
      text: 'A refused Add fails the whole update, which Entra retries every cycle; the attributes never get their first values in the target.',
      source: 'ENTRA-ED-COMPAT',
    },
    async run(context) {
      const user = await context.createUser(Object.values(ADDED));
      const changes = context.data.user();
      const patch = await context.send('users/add-single-valued-{dialect}', {
        userId: user.id,
        displayName: changes.displayName,
        givenName: changes.givenName,
        externalId: changes.externalId,
        familyName: changes.familyName,
      });
      expectPatchAccepted(patch, 'user');
      const { reply, resource } = await readBack(context, 'user', user.id);
      // Only what the profile maps was sent (restrict-patch), so only that is checked.
      const mapped = new Set(writtenAttributes(context.profile, 'user').map((attribute) => attribute.path));
      for (const [path, generator] of Object.entries({ ...ADDED, ...REPLACED })) {
        if (mapped.has(path)) expectMappedValue(reply, resource, path, changes[generator]);
      }
    },
  },
];
