/**
 * Typed multi-valued attributes as a real tenant's data drives them (issue 10, item 1): a user whose mobile
 * phone was empty in Entra is created without it, and gets it later by `Add` (legacy) or `add` (compliant) on
 * the typed path; a later change is a `Replace` of the same path. Each step is read back, and the user's other
 * typed elements (the work email among them) must survive both (the steps are USR-TYPED-02's, typed-elements.ts).
 */
import { addElement, MOBILE_PHONE_PATH, typedAttributes } from './typed-elements.ts';
import { TargetBroken, type ConformanceCase } from './types.ts';

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
      const mobile = typedAttributes(context.profile).find((attribute) => attribute.path.toLowerCase() === MOBILE_PHONE_PATH.toLowerCase());
      if (mobile === undefined) throw new TargetBroken(`profile ${context.profile.id} maps no ${MOBILE_PHONE_PATH}; the case should not be planned`);
      await addElement(context, [mobile], { add: 'users/add-mobile-phone-{dialect}', replace: 'users/replace-mobile-phone-{dialect}' });
    },
  },
];
