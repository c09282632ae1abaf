/**
 * Typed multi-valued attributes as a real tenant's data drives them (issue 10, item 1): a user whose mobile
 * phone was empty in Entra is created without it, and gets it later by `Add` (legacy) or `add` (compliant) on
 * the typed path; a later change is a `Replace` of the same path. Each step is read back, and the user's other
 * typed element (the work email) must survive both.
 */
import { writtenAttributes } from '../profiles/profile.ts';
import { expectMappedValue } from './checks.ts';
import type { CaseContext, CreatedResource } from './context.ts';
import { expectPatchAccepted, readBack } from './steps.ts';
import type { ConformanceCase } from './types.ts';

const MOBILE_PHONE_PATH = 'phoneNumbers[type eq "mobile"].value';
const WORK_EMAIL_PATH = 'emails[type eq "work"].value';

export const typedValueCases: ConformanceCase[] = [
  {
    id: 'USR-TYPED-01',
    level: 'MUST',
    name: 'MUST store the first mobile phone Entra adds on its typed path, then its change, keeping the work email',
    area: 'users',
    spec: ['RFC7644-3.5.2.1', 'RFC7644-3.5.2.3', 'ENTRA-ED-COMPAT', 'ENTRA-ED-ATTR'],
    dialects: 'each',
    fixtures: ['users/create', 'users/add-mobile-phone-{dialect}', 'users/replace-mobile-phone-{dialect}', 'users/get-by-id'],
    judges: 'users/add-mobile-phone-{dialect}',
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'Entra records the add as a success and does not send it again, so a mobile phone entered after the user was provisioned never reaches the target.',
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      const user = await context.createUser(['mobilePhone']);
      const first = String(context.data.user().mobilePhone);
      await patchAndExpect(context, 'users/add-mobile-phone-{dialect}', user, first);
      const changed = String(context.data.user().mobilePhone);
      await patchAndExpect(context, 'users/replace-mobile-phone-{dialect}', user, changed);
    },
  },
];

async function patchAndExpect(context: CaseContext, fixtureId: string, user: CreatedResource, mobilePhone: string): Promise<void> {
  expectPatchAccepted(await context.send(fixtureId, { userId: user.id, mobilePhone }), 'user');
  const { reply, resource } = await readBack(context, 'user', user.id);
  expectMappedValue(reply, resource, MOBILE_PHONE_PATH, mobilePhone);
  // The other typed element must not be replaced or dropped by the phone's op (a server that rewrites the whole array).
  const mapsWorkEmail = writtenAttributes(context.profile, 'user').some((attribute) => attribute.path === WORK_EMAIL_PATH);
  if (mapsWorkEmail) expectMappedValue(reply, resource, WORK_EMAIL_PATH, user.values.workEmail);
}
