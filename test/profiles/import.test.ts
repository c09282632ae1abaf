/**
 * The importer against the exports in fixtures/entra-exports/ (written from Microsoft's documented shape,
 * see its README): what each mapping becomes, and one clear line for input that is broken or foreign.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plannedCases } from '../../src/config.ts';
import { checkProfile } from '../../src/profiles/check-profile.ts';
import { ProfileInputError } from '../../src/profiles/import/read-input.ts';
import { loadProfile, matchingAttributes } from '../../src/profiles/profile.ts';
import { restrictPatchToProfile } from '../../src/profiles/restrict-patch.ts';
import { resolveProfile } from '../../src/profiles/resolve-profile.ts';

const EXPORTS = join(import.meta.dirname, '../../fixtures/entra-exports');
const CUSTOM = 'urn:ietf:params:scim:schemas:extension:contoso:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const scratch = mkdtempSync(join(tmpdir(), 'scimconf-import-'));

/** A fixture export with `edit` applied, written to a scratch file. */
function editedExport(fixture: string, edit: (document: any) => void): string {
  const document = JSON.parse(readFileSync(join(EXPORTS, `${fixture}.json`), 'utf8'));
  edit(document);
  const file = join(scratch, `${fixture}-edited-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(document));
  return file;
}

const errorOf = (file: string): string => {
  try {
    resolveProfile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileInputError);
    return (error as Error).message;
  }
  throw new Error(`${file} was accepted`);
};

describe('profile import', () => {
  it('turns the default non-gallery SCIM export into the entra-default mapping', () => {
    const { profile } = resolveProfile(join(EXPORTS, 'scim-default.json'));
    const builtIn = loadProfile('entra-default');
    for (const kind of ['user', 'group'] as const) {
      expect(profile[kind].attributes.map((a) => [a.path, a.matching, a.type, a.generate])).toEqual(
        builtIn[kind].attributes.map((a) => [a.path, a.matching, a.type, a.generate]),
      );
    }
  });

  it('turns the Akamai-like export into the akamai-eaa mapping, required attributes included', () => {
    const { profile, notes } = resolveProfile(join(EXPORTS, 'akamai-eaa.json'));
    const builtIn = loadProfile('akamai-eaa');
    expect(profile.id).toBe('akamai-eaa-imported');
    expect(profile.user.attributes.map((a) => [a.path, a.matching, a.required, a.primary ?? false])).toEqual(
      builtIn.user.attributes.map((a) => [a.path, a.matching, a.required, a.primary ?? false]),
    );
    expect(notes).toEqual([]);
    expect(checkProfile(profile, builtIn, notes)).toEqual([]);
  });

  it('keeps matching order, flow types, constants, defaults and custom URNs, and says which expressions it does not evaluate', () => {
    const { profile, notes } = resolveProfile(join(EXPORTS, 'custom-attributes.json'));
    expect(matchingAttributes(profile, 'user').map((a) => [a.path, a.matchingPriority])).toEqual([['externalId', 1], ['userName', 2]]);
    const byPath = new Map(profile.user.attributes.map((a) => [a.path, a]));
    expect(byPath.get(`${ENTERPRISE}:employeeNumber`)?.flowType).toBe('ObjectAddOnly');
    expect(byPath.get(`${ENTERPRISE}:organization`)?.constant).toBe('Contoso');
    expect(byPath.get('preferredLanguage')?.defaultValue).toBe('en-US');
    expect(byPath.get(`${CUSTOM}:costCenterCode`)?.entraSource).toBe('[extension_00aa00aabb11cc22dd3344ee44ee44ee_costCenterCode]');
    expect(byPath.get('active')?.generate).toBe('active');
    expect(notes.map((note) => [note.kind, note.pointer])).toEqual([
      ['generated', '/synchronizationRules/0/objectMappings/0/attributeMappings/8/source'],
      ['generated', '/synchronizationRules/0/objectMappings/0/attributeMappings/22/source'],
    ]);
    expect(notes[1]?.message).toContain('Mid([employeeId], 1, 4) is not evaluated');
  });

  it('maps AppRoleAssignmentsComplex([appRoleAssignments]) on roles to the app role generator, and leaves another role expression out with a note', () => {
    const { profile, notes } = resolveProfile(join(EXPORTS, 'app-roles.json'));
    const roles = profile.user.attributes.find((a) => a.path === 'roles');
    expect(roles).toMatchObject({ generate: 'appRoleAssignments', entraSource: 'AppRoleAssignmentsComplex([appRoleAssignments])' });
    expect(roles?.generatedBecause).toBeUndefined();
    expect(plannedCases(undefined, ['legacy'], false, profile).map((planned) => planned.testCase.id)).toContain('USR-ROLES-01');
    expect(notes.some((note) => note.message.includes('AppRoleAssignmentsComplex'))).toBe(false);
    const assertive = resolveProfile(
      editedExport('app-roles', (document) => {
        const mappings = document.synchronizationRules[0].objectMappings[0].attributeMappings;
        mappings.at(-1).source.expression = 'AssertiveAppRoleAssignmentsComplex([appRoleAssignments])';
      }),
    );
    expect(assertive.profile.user.attributes.some((a) => a.path === 'roles')).toBe(false);
    expect(assertive.notes.at(-1)).toMatchObject({ kind: 'left-out', pointer: '/synchronizationRules/0/objectMappings/0/attributeMappings/20/source' });
    expect(plannedCases(undefined, ['legacy'], false, assertive.profile).map((planned) => planned.testCase.id)).not.toContain('USR-ROLES-01');
  });

  it('leaves ObjectAddOnly attributes and constants out of every PATCH', () => {
    const { profile } = resolveProfile(join(EXPORTS, 'custom-attributes.json'));
    const body = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: '1' },
        { op: 'replace', value: { [`${ENTERPRISE}:organization`]: 'x', [`${CUSTOM}:costCenterCode`]: 'y' } },
      ],
    };
    expect(restrictPatchToProfile(body, profile, 'user')).toEqual({
      ...body,
      Operations: [{ op: 'replace', value: { [`${CUSTOM}:costCenterCode`]: 'y' } }],
    });
  });

  it('plans no group case for a disabled group mapping, and says so', () => {
    const file = editedExport('scim-default', (document) => {
      document.synchronizationRules[0].objectMappings[1].enabled = false;
    });
    const { profile, notes } = resolveProfile(file);
    expect(profile.group.enabled).toBe(false);
    expect(notes.map((note) => note.pointer)).toContain('/synchronizationRules/0/objectMappings/1/enabled');
    const planned = plannedCases(undefined, ['legacy'], false, profile).map((run) => run.testCase.area);
    expect(planned).not.toContain('groups');
    expect(planned).toContain('users');
  });

  it('reports a field of the wrong shape with its JSON pointer, in one line', () => {
    const file = editedExport('scim-default', (document) => {
      document.synchronizationRules[0].objectMappings[0].attributeMappings[3].flowType = 'Sometimes';
    });
    const message = errorOf(file);
    expect(message).toContain('/synchronizationRules/0/objectMappings/0/attributeMappings/3/flowType');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('says when no object mapping targets SCIM (an export of an inbound or AD job)', () => {
    const file = editedExport('scim-default', (document) => {
      for (const mapping of document.synchronizationRules[0].objectMappings) mapping.targetObjectName = 'user';
    });
    expect(errorOf(file)).toMatch(/targetObjectName has no SCIM User or Group target \(found "user", "user"\)/);
  });

  it('refuses a mapping without any matching attribute, naming where', () => {
    const file = editedExport('akamai-eaa', (document) => {
      for (const mapping of document.synchronizationRules[0].objectMappings[0].attributeMappings) mapping.matchingPriority = 0;
    });
    expect(errorOf(file)).toMatch(/^\/synchronizationRules\/0\/objectMappings\/0\/attributeMappings: no attribute has matchingPriority above 0/);
  });

  it('gives one line for a file that is not JSON, or not an export at all', () => {
    const notJson = join(scratch, 'broken.json');
    writeFileSync(notJson, '{ "synchronizationRules": [');
    expect(errorOf(notJson)).toMatch(/broken\.json: not JSON/);
    const foreign = join(scratch, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ name: 'something else' }));
    expect(errorOf(foreign)).toMatch(/neither an Entra provisioning schema .* nor a profile/);
  });
});

describe('profile check', () => {
  const akamai = loadProfile('akamai-eaa');

  it('flags an Akamai mapping with the work email removed as blocking', () => {
    const file = editedExport('akamai-eaa', (document) => {
      const mapping = document.synchronizationRules[0].objectMappings[0];
      mapping.attributeMappings = mapping.attributeMappings.filter((m: any) => !m.targetAttributeName.startsWith('emails'));
    });
    const findings = checkProfile(resolveProfile(file).profile, akamai);
    expect(findings).toEqual([
      {
        severity: 'blocking',
        message: 'your mapping never sends emails[type eq "work"].value, which Akamai EAA requires on every user, so every user create will be refused',
      },
    ]);
  });

  it('flags a matching attribute Akamai cannot filter on, a required attribute sent on create only, and a duplicate path', () => {
    const file = editedExport('akamai-eaa', (document) => {
      const mappings = document.synchronizationRules[0].objectMappings[0].attributeMappings;
      mappings.find((m: any) => m.targetAttributeName === 'externalId').matchingPriority = 1;
      mappings.find((m: any) => m.targetAttributeName === 'userName').matchingPriority = 2;
      mappings.find((m: any) => m.targetAttributeName.startsWith('emails')).flowType = 'ObjectAddOnly';
      mappings.push({ ...mappings.find((m: any) => m.targetAttributeName === 'displayName'), source: { type: 'Attribute', name: 'mailNickname', expression: '[mailNickname]' } });
    });
    const { profile, notes } = resolveProfile(file);
    const findings = checkProfile(profile, akamai, notes);
    expect(findings.map((finding) => finding.severity)).toEqual(['warning', 'blocking', 'warning']);
    expect(findings[0]?.message).toMatch(/emails\[type eq "work"\]\.value is required by Akamai EAA but only sent when the user is created \(ObjectAddOnly\)/);
    expect(findings[1]?.message).toMatch(/matches users on externalId, but Akamai EAA can only filter users on userName/);
    expect(findings[2]?.message).toMatch(/displayName is mapped twice \(from \[displayName\] and from \[mailNickname\]\)/);
  });
});
