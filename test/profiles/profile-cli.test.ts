/**
 * `profile import`, `profile check` and `run --profile <file>` as an admin runs them: a child process, its
 * output and its exit code.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../safety/helpers.ts';

const scratch = mkdtempSync(join(tmpdir(), 'scimconf-profile-cli-'));
const AKAMAI_EXPORT = 'fixtures/entra-exports/akamai-eaa.json';

describe('scim-conformance profile', () => {
  it('check: exits 1 with one line per finding for an Akamai mapping without the work email', async () => {
    const document = JSON.parse(readFileSync(AKAMAI_EXPORT, 'utf8'));
    const users = document.synchronizationRules[0].objectMappings[0];
    users.attributeMappings = users.attributeMappings.filter((m: { targetAttributeName: string }) => !m.targetAttributeName.startsWith('emails'));
    const file = join(scratch, 'akamai-without-work-email.json');
    writeFileSync(file, JSON.stringify(document));
    const outcome = await runCli(['profile', 'check', file, '--target', 'akamai-eaa']);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout.trim().split('\n')).toEqual([
      'must fix: your mapping never sends emails[type eq "work"].value, which Akamai EAA requires on every user, so every user create will be refused',
      '1 problem(s) will stop provisioning to Akamai EAA; fix them in Provisioning > Attribute mapping.',
    ]);
  });

  it('check: exits 0 for the Akamai-like export as it is, and 2 with one line for a file that is not there', async () => {
    expect((await runCli(['profile', 'check', AKAMAI_EXPORT])).code).toBe(0);
    const missing = await runCli(['profile', 'check', join(scratch, 'nowhere.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('import writes a profile that run --profile then passes with, naming the profile and its hash in the report', async () => {
    const out = join(scratch, 'custom.json');
    const imported = await runCli(['profile', 'import', 'fixtures/entra-exports/custom-attributes.json', '-o', out]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('badgeCode: the expression Mid([employeeId], 1, 4) is not evaluated');
    const hash = /mapping hash ([0-9a-f]{12})/.exec(imported.stdout)?.[1];
    expect(hash).toBeDefined();
    const run = await runCli(['run', '--profile', out, '--dialect', 'compliant', '--format', 'md', '--seed', '5'], { killAfterMs: 90_000 });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(readFileSync(join(run.reportDir, 'certification.md'), 'utf8')).toContain(`custom-attributes (mapping hash ${hash})`);
  }, 120_000);

  it('run: an export that is not valid stops with exit 2 and one line naming the pointer', async () => {
    const file = join(scratch, 'bad-flow.json');
    const document = JSON.parse(readFileSync(AKAMAI_EXPORT, 'utf8'));
    document.synchronizationRules[0].objectMappings[0].attributeMappings[0].flowType = 'Never';
    writeFileSync(file, JSON.stringify(document));
    const outcome = await runCli(['run', '--profile', file]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.trim()).toMatch(/^configuration error: --profile: .*\/synchronizationRules\/0\/objectMappings\/0\/attributeMappings\/0\/flowType should be/);
    expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
  });
});
