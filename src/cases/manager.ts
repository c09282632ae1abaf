/**
 * The enterprise `manager` reference (reference §2.2 U-12): Entra provisions the user, then sets its manager
 * by PATCH on the URN path: as a plain id string (Microsoft's validation template, third-party captures) or as
 * an object with `value` (a SCIM Validator capture), and clears it with an empty value or a remove op. Each
 * change is read back: Entra compares `manager.value` with the id it holds (REF-LA). Only for profiles that map it.
 */
import { ENTERPRISE_USER_URN, getMappedValue } from '../profiles/mapped-path.ts';
import { expectMappedValue, describeValue } from './checks.ts';
import type { CaseContext, CreatedResource } from './context.ts';
import { expectPatchAccepted, readBack } from './steps.ts';
import { ConformanceFailure, type ConformanceCase } from './types.ts';

const MANAGER_PATH = `${ENTERPRISE_USER_URN}:manager`;
const MANAGER_UPDATE_FAILS = {
  kind: 'retried-every-cycle',
  text: 'Manager updates fail as reference failures and are retried on every cycle (or are not stored); the org chart in the target never matches Entra.',
  source: 'ENTRA-ED-ATTR',
} as const;

export const managerCases: ConformanceCase[] = [
  {
    id: 'USR-MANAGER-01',
    level: 'MUST',
    name: 'MUST set and change the enterprise manager from a plain id on the URN path',
    area: 'users',
    spec: ['RFC7643-4.3', 'RFC7644-3.5.2.3', 'ENTRA-ED-SCIM', 'ENTRA-ED-ATTR'],
    dialects: 'each',
    fixtures: ['users/create', 'users/set-manager-{dialect}', 'users/change-manager-{dialect}', 'users/get-by-id'],
    keyword: { word: 'REQUIRED', source: 'ENTRA-ED-SCIM' },
    impact: MANAGER_UPDATE_FAILS,
    async run(context) {
      const [user, firstManager, secondManager] = (await context.createUsers(3)) as [CreatedResource, CreatedResource, CreatedResource];
      await expectManager(context, 'users/set-manager-{dialect}', user, firstManager);
      await expectManager(context, 'users/change-manager-{dialect}', user, secondManager);
    },
  },
  {
    id: 'USR-MANAGER-02',
    level: 'MUST',
    name: 'MUST set the enterprise manager from an object holding its value on the URN path',
    area: 'users',
    spec: ['RFC7643-4.3', 'RFC7644-3.5.2.1', 'ENTRA-3P-VAL', 'ENTRA-ED-ATTR'],
    dialects: 'each',
    fixtures: ['users/create', 'users/set-manager-object-{dialect}', 'users/get-by-id'],
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: MANAGER_UPDATE_FAILS,
    async run(context) {
      const [user, manager] = (await context.createUsers(2)) as [CreatedResource, CreatedResource];
      await expectManager(context, 'users/set-manager-object-{dialect}', user, manager);
    },
  },
  {
    id: 'USR-MANAGER-03',
    level: 'MUST',
    name: 'MUST clear the enterprise manager on a replace with an empty value and on a remove of its path',
    area: 'users',
    spec: ['RFC7644-3.5.2.2', 'RFC7644-3.5.2.3', 'ENTRA-REF-LA', 'ENTRA-3P-VAL'],
    dialects: 'each',
    fixtures: ['users/create', 'users/set-manager-{dialect}', 'users/remove-manager-{dialect}', 'users/remove-manager-op-{dialect}', 'users/get-by-id'],
    judges: 'users/remove-manager-{dialect}',
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: "Entra records the removal as done and does not send it again, so a user whose manager was removed in Entra keeps the old manager in the target.",
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      const [user, manager] = (await context.createUsers(2)) as [CreatedResource, CreatedResource];
      for (const removal of ['users/remove-manager-{dialect}', 'users/remove-manager-op-{dialect}']) {
        await context.precondition('USR-MANAGER-01', 'set the manager', () => expectManager(context, 'users/set-manager-{dialect}', user, manager));
        expectPatchAccepted(await context.send(removal, { userId: user.id }), 'user');
        const { reply, resource } = await readBack(context, 'user', user.id);
        // REF-LA's check after a removal: manager.value empty or null, or manager absent.
        const left = getMappedValue(resource, `${MANAGER_PATH}.value`);
        if (left !== undefined && left !== null && left !== '') {
          throw new ConformanceFailure(`${reply.label}: ${MANAGER_PATH} should be gone after ${context.resolveFixtureId(removal)}, got ${describeValue(left)}`, 'no manager', left);
        }
      }
    },
  },
];

async function expectManager(context: CaseContext, fixtureId: string, user: CreatedResource, manager: CreatedResource): Promise<void> {
  expectPatchAccepted(await context.send(fixtureId, { userId: user.id, managerId: manager.id }), 'user');
  const { reply, resource } = await readBack(context, 'user', user.id);
  // RFC 7643 §4.3: manager is complex; its `value` is the manager's id.
  expectMappedValue(reply, resource, `${MANAGER_PATH}.value`, manager.id);
}
