/**
 * The fixtures each setup step may send, for the declared `fixtures` of the cases that use it: a setup step
 * falls back to Entra's other form of a request when the target refuses the first, so every form it may
 * try is declared (test/meta/declared-fixtures.test.ts keeps declared and rendered equal).
 */
import { DIALECTS } from './types.ts';

const everyDialect = (template: string): string[] => DIALECTS.map((dialect) => template.replace('{dialect}', dialect));

export const SETUP_FIXTURES = {
  /** context.createUser */
  createUser: ['users/create'],
  /** context.createGroup: Entra's documented ADSCIM body, then the captured core-only one (ED-SCIM G-1, QA-GROUPPOST). */
  createGroup: ['groups/create-with-microsoft-schema', 'groups/create-core-with-empty-members'],
  /** addMembersForSetup (membership.ts): the case's dialect first, then the other. */
  addMembers: everyDialect('groups/add-members-{dialect}'),
  /** disableForSetup (users.ts): both dialects' forms, then the tutorial's. */
  disableUser: [...everyDialect('users/disable-{dialect}'), 'users/disable-tutorial'],
} as const satisfies Record<string, readonly string[]>;
