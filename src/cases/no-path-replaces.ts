/**
 * Single-attribute replaces without a path (issue 10, item 3). Microsoft's SCIM Validator, which speaks the
 * compliant dialect, sends `{"op":"replace","value":{"userName":"…"}}` for a user's userName and the same
 * for a group's displayName and externalId (3P-VAL captures); Microsoft's compliance page shows a no-path
 * value only for several attributes at once (ED-COMPAT block 3b) and keeps the path for one (block 2b).
 * The sources disagree, so the catalogue sends both: the path form in USR-PATCH-02 and GRP-PATCH-01, the
 * no-path form here. RFC 7644 §3.5.2.3: without a path the value's attributes replace the resource's.
 */
import { isPatchable, writtenAttributes, type Profile, type ResourceKind } from '../profiles/profile.ts';
import { expectValue } from './checks.ts';
import type { CaseContext, CreatedResource } from './context.ts';
import { SETUP_FIXTURES } from './setup-fixtures.ts';
import { expectPatchAccepted, readBack } from './steps.ts';
import type { ConformanceCase } from './types.ts';

/** One single-attribute no-path replace: the attribute, its fixture, and the generator of its new value. */
interface NoPathReplace {
  attribute: string;
  fixture: string;
  generator: string;
}

const USER_REPLACES: readonly NoPathReplace[] = [
  { attribute: 'userName', fixture: 'users/replace-username-no-path-compliant', generator: 'userName' },
  { attribute: 'displayName', fixture: 'users/replace-display-name-no-path-compliant', generator: 'displayName' },
  { attribute: 'externalId', fixture: 'users/replace-external-id-no-path-compliant', generator: 'externalId' },
];

const GROUP_REPLACES: readonly NoPathReplace[] = [
  { attribute: 'displayName', fixture: 'groups/rename-no-path-compliant', generator: 'groupDisplayName' },
  { attribute: 'externalId', fixture: 'groups/replace-external-id-no-path-compliant', generator: 'externalId' },
];

export const noPathReplaceCases: ConformanceCase[] = [
  {
    id: 'USR-NOPATH-01',
    level: 'MUST',
    name: 'MUST apply a no-path replace of one attribute (userName, displayName, externalId), as the validator sends it',
    area: 'users',
    spec: ['RFC7644-3.5.2.3', 'ENTRA-3P-VAL', 'ENTRA-ED-COMPAT'],
    dialects: 'compliant',
    fixtures: ['users/create', ...USER_REPLACES.map((replace) => replace.fixture), 'users/get-by-id'],
    judges: 'users/replace-username-no-path-compliant',
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'A change acknowledged but not stored (a renamed UPN, a new display name) never reaches the target, and Entra does not send it again.',
      source: 'ENTRA-ED-HOW',
    },
    async run(context) {
      const user = await context.createUser();
      await replaceEachAndReadBack(context, 'user', user, patchable(context.profile, 'user', USER_REPLACES), context.data.user());
    },
  },
  {
    id: 'GRP-NOPATH-01',
    level: 'MUST',
    name: 'MUST apply a no-path replace of one group attribute (displayName, externalId), as the validator sends it',
    area: 'groups',
    spec: ['RFC7644-3.5.2.3', 'ENTRA-3P-VAL', 'ENTRA-ED-SCIM'],
    dialects: 'compliant',
    fixtures: [...SETUP_FIXTURES.createGroup, ...GROUP_REPLACES.map((replace) => replace.fixture), 'groups/get-by-id'],
    judges: 'groups/rename-no-path-compliant',
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'A group renamed in Entra keeps its old name in the target (or the PATCH is refused and retried every cycle).',
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      const group = await context.createGroup();
      await replaceEachAndReadBack(context, 'group', group, patchable(context.profile, 'group', GROUP_REPLACES), context.data.group());
    },
  },
];

/** Entra only PATCHes what the profile maps and lets flow on update; the rest is not sent. */
function patchable(profile: Profile, kind: ResourceKind, replaces: readonly NoPathReplace[]): NoPathReplace[] {
  const paths = new Set(writtenAttributes(profile, kind).filter(isPatchable).map((attribute) => attribute.path.toLowerCase()));
  return replaces.filter((replace) => paths.has(replace.attribute.toLowerCase()));
}

/** One PATCH per attribute, each read back at once, so a failure names the one attribute that was not applied. */
async function replaceEachAndReadBack(
  context: CaseContext,
  kind: ResourceKind,
  created: CreatedResource,
  replaces: readonly NoPathReplace[],
  changes: Record<string, unknown>,
): Promise<void> {
  const idVariable = kind === 'user' ? { userId: created.id } : { groupId: created.id };
  for (const replace of replaces) {
    expectPatchAccepted(await context.send(replace.fixture, { ...idVariable, [replace.generator]: changes[replace.generator] }), kind);
    const { reply, resource } = await readBack(context, kind, created.id);
    expectValue(reply, `/${replace.attribute}`, changes[replace.generator], resource[replace.attribute]);
  }
}
