/**
 * A user as a real tenant holds it (issue 10, item 4): Entra leaves out attributes that are empty in the
 * directory, so a user with no mail, no mobile phone and no surname arrives without emails, phoneNumbers
 * and name.familyName. The target may create it or refuse it with a readable SCIM Error; a 5xx is a fault
 * Entra retries every cycle and counts towards quarantine.
 */
import { writtenAttributes } from '../profiles/profile.ts';
import { expectCreatedId, expectScimError, jsonBody } from './checks.ts';
import { ConformanceFailure, type ConformanceCase } from './types.ts';

/** Generators of the attributes Entra leaves out for this user (mail, mobile, surname). */
const LEFT_OUT = ['workEmail', 'mobilePhone', 'familyName'] as const;

export const sparseCreateCases: ConformanceCase[] = [
  {
    id: 'USR-CREATE-06',
    level: 'MUST',
    name: 'MUST create a user sent without mail, mobile phone and surname, or refuse it with a 4xx SCIM Error that says why',
    area: 'users',
    spec: ['RFC7644-3.3', 'RFC7644-3.12', 'ENTRA-ED-KNOWN', 'ENTRA-ED-LOGS'],
    dialects: 'once',
    fixtures: ['users/create'],
    keyword: { word: 'MUST', source: 'RFC7644-3.12' },
    impact: {
      kind: 'retried-every-cycle',
      text: 'A 5xx (or an unreadable refusal) is logged as a failed create that Entra retries every cycle and counts towards quarantine; the admin cannot tell which attribute to fix.',
      source: 'ENTRA-ED-LOGS',
    },
    async run(context) {
      const values = context.data.user();
      for (const generator of LEFT_OUT) delete values[generator];
      const reply = await context.send('users/create', { userAttributes: context.mappedAttributes('user', values) });
      if (reply.status >= 200 && reply.status < 300) {
        expectCreatedId(reply);
        return;
      }
      // A profile that requires a left-out attribute (Akamai EAA: the work email) is right to refuse, if it says so.
      const required = writtenAttributes(context.profile, 'user').filter((attribute) => attribute.required && (LEFT_OUT as readonly string[]).includes(attribute.generate));
      const why = required.length > 0 ? ` (the profile requires ${required.map((attribute) => attribute.path).join(', ')}, so a 400 that names it is right)` : '';
      if (reply.status < 400 || reply.status >= 500) {
        throw new ConformanceFailure(`${reply.label}: expected 201, or a 4xx SCIM Error with a detail${why}; got ${reply.status}`, '201 or 4xx', reply.status);
      }
      expectScimError(reply, reply.status);
      const detail = jsonBody(reply).detail;
      if (typeof detail !== 'string' || detail.trim() === '') {
        throw new ConformanceFailure(`${reply.label}: the ${reply.status} refusal has no readable detail${why}`, 'a non-empty detail', detail);
      }
    },
  },
];
