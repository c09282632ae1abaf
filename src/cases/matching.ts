/**
 * Matching on an attribute other than userName (issue 10, item 6): with Akamai's Email login preference, or any
 * mapping that matches on the work email, Entra looks a user up by `filter=emails[type eq "work"].value eq "…"`
 * (ED-SCIM: a target must allow that query when mail is a matching attribute). Several matching attributes are
 * tried lowest matchingPriority first, the next only when one finds nothing (GRAPH-ATTRMAP, ED-ATTR).
 */
import { matchingAttributes, type Profile } from '../profiles/profile.ts';
import { expectFoundByQuery, expectNotFoundByQuery } from './steps.ts';
import type { ConformanceCase } from './types.ts';

export const WORK_EMAIL_PATH = 'emails[type eq "work"].value';

const isWorkEmail = (path: string): boolean => path.toLowerCase() === WORK_EMAIL_PATH.toLowerCase();

/** The matching attributes Entra tries before the work email, in its order; undefined when it never matches on the email. */
function attributesTriedBeforeWorkEmail(profile: Profile): string[] | undefined {
  const paths = matchingAttributes(profile, 'user').map((attribute) => attribute.path);
  const at = paths.findIndex(isWorkEmail);
  return at === -1 ? undefined : paths.slice(0, at);
}

export const matchingCases: ConformanceCase[] = [
  {
    id: 'USR-MATCH-01',
    level: 'MUST',
    name: "MUST find a user by Entra's work email filter, matching the address case-insensitively, in Entra's matching order",
    area: 'users',
    spec: ['RFC7643-4.1.2', 'RFC7644-3.4.2.2', 'ENTRA-ED-SCIM', 'ENTRA-ED-ATTR'],
    dialects: 'once',
    appliesTo: (profile) => attributesTriedBeforeWorkEmail(profile) !== undefined,
    fixtures: ['users/create', 'users/query-by-matching-attribute'],
    keyword: { word: 'MUST', source: 'RFC7644-3.4.2.2' },
    impact: {
      kind: 'retried-every-cycle',
      text: 'When the case of the mail differs between Entra and the target (or the target cannot answer the email filter), Entra finds no match and tries to create the user again every cycle (409 loop), or creates a duplicate.',
      source: 'ENTRA-ED-LOGS',
    },
    async run(context) {
      const user = await context.createUser();
      // Entra's earlier matching attributes find nothing for an account the target holds under its email
      // (one created before the mapping changed), so Entra goes on to the next one.
      for (const path of attributesTriedBeforeWorkEmail(context.profile) ?? []) {
        await expectNotFoundByQuery(context, 'user', `${context.data.prefix}elsewhere-${context.data.randomGuid()}@example.com`, path);
      }
      // emails.value is caseExact false (RFC 7643 §4.1.2): a mail Entra holds in another case still matches.
      await expectFoundByQuery(context, 'user', String(user.values.workEmail).toUpperCase(), user.id, WORK_EMAIL_PATH);
    },
  },
];
