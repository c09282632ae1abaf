/**
 * The enterprise `manager` reference (reference §2.2 U-12): Entra provisions the user, then sets its manager
 * by PATCH with the manager's target id as a plain string on the URN path. Only for profiles that map it.
 */
import { ENTERPRISE_USER_URN } from '../profiles/mapped-path.ts';
import { expectMappedValue } from './checks.ts';
import type { CaseContext, CreatedResource } from './context.ts';
import { expectPatchAccepted, readBack } from './steps.ts';
import type { ConformanceCase } from './types.ts';

const MANAGER_PATH = `${ENTERPRISE_USER_URN}:manager`;

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
    impact: {
      kind: 'retried-every-cycle',
      text: 'Manager updates fail as reference failures and are retried on every cycle (or are not stored); the org chart in the target never matches Entra.',
      source: 'ENTRA-ED-ATTR',
    },
    async run(context) {
      const [user, firstManager, secondManager] = (await context.createUsers(3)) as [CreatedResource, CreatedResource, CreatedResource];
      await expectManager(context, 'users/set-manager-{dialect}', user, firstManager);
      await expectManager(context, 'users/change-manager-{dialect}', user, secondManager);
    },
  },
];

async function expectManager(context: CaseContext, fixtureId: string, user: CreatedResource, manager: CreatedResource): Promise<void> {
  expectPatchAccepted(await context.send(fixtureId, { userId: user.id, managerId: manager.id }), 'user');
  const { reply, resource } = await readBack(context, 'user', user.id);
  // RFC 7643 §4.3: manager is complex; its `value` is the manager's id.
  expectMappedValue(reply, resource, `${MANAGER_PATH}.value`, manager.id);
}
