/**
 * The everyday commands on real runs (child processes against the embedded reference server, clean and with
 * one fault): --trace, --dry-run, --write-baseline and --baseline, diff, results.json against its schema, and
 * the small things around them (one-line usage errors, a pasted "Bearer ", run --help, the cleanup line).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.ts';
import { DIALECTS } from '../src/model/vocabulary.ts';
import { variantMiddleware } from '../src/faults/catalogue.ts';
import { loadProfile } from '../src/profiles/profile.ts';
import { plannedCases } from '../src/config.ts';
import { parseBaseline } from '../src/report/baseline.ts';
import { RESULTS_SCHEMA } from '../src/report/results-format.ts';
import { validateAgainst } from '../src/schema/validator.ts';
import { startReferenceServer } from '../src/server/http.ts';
import type { RunningReferenceServer } from '../src/server/types.ts';
import { newReportDir, runCli, runLeftoversOn } from './safety/helpers.ts';

const TOKEN = 'tok-daily-7c1e0b5a-secret';
/** Cases that fault `empty-filter-404` breaks, plus two it does not, to keep the runs short. */
const FAULT_SELECTION = ['--only', 'CONN-01,USR-FILTER-02,USR-GET-01,USR-CREATE-01', '--dialect', 'legacy'];

interface Results {
  formatVersion: string;
  conformant: boolean;
  cases: { id: string; dialect: string; status: string; reason?: string; waiver?: { reason: string } }[];
}

const readResults = (dir: string): Results => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;

describe('everyday commands', () => {
  let clean: RunningReferenceServer;
  let faulty: RunningReferenceServer;
  /** The short selection's results.json against the clean and the faulty server, shared by the schema and diff tests. */
  let cleanResults: string;
  let faultyResults: string;
  const target = (server: RunningReferenceServer): Record<string, string> => ({ SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN });

  beforeAll(async () => {
    clean = await startReferenceServer({ token: TOKEN });
    faulty = await startReferenceServer({ token: TOKEN, middleware: [variantMiddleware('empty-filter-404')] });
    const [before, after] = await Promise.all([
      runCli([...FAULT_SELECTION, '--format', 'json', '--rate', '0'], { env: target(clean) }),
      runCli([...FAULT_SELECTION, '--format', 'json', '--rate', '0'], { env: target(faulty) }),
    ]);
    // A selection is never Ready, so the clean run is Incomplete (4); the faulty one is Not ready (1).
    expect([before.code, after.code]).toEqual([4, 1]);
    cleanResults = join(before.reportDir, 'results.json');
    faultyResults = join(after.reportDir, 'results.json');
  }, 60_000);
  afterAll(async () => {
    await Promise.all([clean.close(), faulty.close()]);
  });

  it('writes a results.json that validates against the shipped schema, from the embedded run and from a failing target', async () => {
    const embedded = await runCli(['--format', 'json', '--seed', '11']);
    expect(embedded.code).toBe(0);
    for (const file of [join(embedded.reportDir, 'results.json'), faultyResults]) {
      const results = JSON.parse(readFileSync(file, 'utf8')) as Results;
      expect(results.formatVersion).toMatch(/^1\.\d+$/);
      expect(validateAgainst(RESULTS_SCHEMA, results)).toEqual([]);
    }
    expect((JSON.parse(readFileSync(faultyResults, 'utf8')) as Results).cases.some((result) => result.status === 'fail')).toBe(true);
    // The schema is not a rubber stamp: a case with an unknown status is refused.
    const broken = readResults(embedded.reportDir);
    broken.cases[0]!.status = 'passed';
    expect(validateAgainst(RESULTS_SCHEMA, broken)).not.toEqual([]);
  });

  it('--trace prints the traced case\'s requests and responses as they happen, redacted, and no other case\'s', async () => {
    const outcome = await runCli(['--only', 'USR-DISABLE-01,USR-GET-01', '--dialect', 'legacy', '--trace', 'USR-DISABLE-01', '--rate', '0'], { env: target(clean) });
    expect(outcome.code).toBe(4);
    const entries = outcome.stdout.split('\n').filter((line) => line.startsWith('── trace '));
    expect(entries.length).toBeGreaterThanOrEqual(4);
    expect(entries.every((line) => line.startsWith('── trace USR-DISABLE-01 [legacy] #'))).toBe(true);
    expect(outcome.stdout).toContain('"value": "False"');
    expect(outcome.stdout).toMatch(/HTTP 20[04]/);
    expect(outcome.stdout).toContain('Authorization: Bearer [REDACTED]');
    expect(outcome.stdout + outcome.stderr).not.toContain(TOKEN);
    // Printed while the run goes: the trace comes before the case's own PASS line.
    expect(outcome.stdout.indexOf('── trace USR-DISABLE-01')).toBeLessThan(outcome.stdout.indexOf('PASS  USR-DISABLE-01'));
  });

  it('--trace of an unknown case is one line and exit 2', async () => {
    const outcome = await runCli(['--trace', 'USR-NOPE-01']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.trim().split('\n')).toEqual(['configuration error: --trace USR-NOPE-01: no case has this id; see `scim-conformance list`']);
  });

  it('--dry-run against an unreachable URL exits 0, prints every request in order and sends nothing', async () => {
    const outcome = await runCli(['--dry-run', '--seed', '5'], { env: { SCIM_BASE_URL: 'https://scim.invalid/scim/v2' } });
    expect(outcome.code).toBe(0);
    const numbers = [...outcome.stdout.matchAll(/^(\d+)\. /gm)].map((match) => Number(match[1]));
    expect(numbers).toEqual(numbers.map((_, index) => index + 1));
    expect(outcome.stdout).toContain(`${numbers.length} requests:`);
    expect(outcome.stdout).toMatch(/^GET https:\/\/scim\.invalid\/scim\/v2\/Users\?filter=userName\+eq\+%22/m);
    expect(outcome.stdout).toContain('PATCH https://scim.invalid/scim/v2/Users/');
    expect(outcome.stdout).not.toMatch(/127\.0\.0\.1/);
    // What a full run leaves out is said before anything else.
    expect(outcome.stdout.split('\n')[0]).toContain('; opt-in, not run: LIFE-GROW-01 (--with-opt-in runs it).');
    // Every planned case shows up (the default plan: akamai-eaa, both dialects).
    const cases = new Set([...outcome.stdout.matchAll(/^\d+\. ([A-Z]+-[A-Z0-9-]+(?: \[\w+\])?)$/gm)].map((match) => match[1]));
    const plan = plannedCases(undefined, DIALECTS, false, loadProfile('akamai-eaa'));
    expect(cases).toEqual(new Set(plan.map((planned) => `${planned.testCase.id}${planned.dialect ? ` [${planned.dialect}]` : ''}`)));
    expect(readdirSync(outcome.reportDir)).toEqual([]);
  });

  it('--write-baseline writes the run\'s failures as waivers; the next run with --baseline passes', async () => {
    const reportDir = newReportDir();
    const file = join(reportDir, 'known-deviations.json');
    // The whole catalogue (one dialect): a selection is never Ready, so only a full run can exit 0 with the baseline.
    const WHOLE = ['--dialect', 'legacy'];
    const first = await runCli([...WHOLE, '--rate', '0', '--write-baseline', file, '--waiver-expires', '2099-12-31'], { env: target(faulty), reportDir });
    expect(first.code).toBe(1);
    const failures = readResults(reportDir).cases.filter((result) => result.status === 'fail' || result.status === 'error');
    expect(failures.length).toBeGreaterThan(0);
    const baseline = parseBaseline(readFileSync(file, 'utf8'), file);
    expect(baseline.waivers.map((waiver) => waiver.id).sort()).toEqual(failures.map((result) => result.id).sort());
    const filter = baseline.waivers.find((waiver) => waiver.id === 'USR-FILTER-02')!;
    expect(filter.reason).toMatch(/^MUST fail on \d{4}-\d{2}-\d{2}: expected status 200, got 404/);
    expect(filter.reason).not.toMatch(/scimconf-[0-9a-f]{8}-/);
    expect(filter.expires).toBe('2099-12-31');

    // A file that exists is only replaced when it is the baseline being applied.
    const refused = await runCli([...FAULT_SELECTION, '--rate', '0', '--write-baseline', file], { env: target(faulty), reportDir: newReportDir() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/the file exists; pass it as --baseline too/);

    const second = await runCli([...WHOLE, '--rate', '0', '--with-opt-in', '--baseline', file], { env: target(faulty), reportDir: newReportDir() });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^Known deviations waived by .+ \(\d+\):$/m);
  });

  it('diff reports newly failing cases with exit 1, newly passing ones with exit 0', async () => {
    const [oldFile, newFile] = [cleanResults, faultyResults];

    const worse = await runCli(['diff', oldFile, newFile]);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/^Newly failing \(\d+\):$/m);
    expect(worse.stdout).toMatch(/^ {2}MUST {3}USR-FILTER-02: was pass, now fail: expected status 200, got 404/m);
    // USR-GET-01 passed in both: no status change (a "Timing changed" line may name it: durations vary
    // with the machine's load and with cases running side by side).
    expect(worse.stdout).not.toMatch(/USR-GET-01: was/);
    expect(worse.stdout).not.toMatch(/Reason changed/);

    const better = await runCli(['diff', newFile, oldFile, '--json']);
    expect(better.code).toBe(0);
    const diff = JSON.parse(better.stdout) as { newlyFailing: unknown[]; newlyPassing: { id: string }[] };
    expect(diff.newlyFailing).toEqual([]);
    expect(diff.newlyPassing.map((entry) => entry.id)).toContain('USR-FILTER-02');

    const same = await runCli(['diff', oldFile, oldFile]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('0 newly failing, 0 newly passing');

    const notResults = join(newReportDir(), 'baseline.json');
    writeFileSync(notResults, '{"waivers": []}');
    const wrong = await runCli(['diff', notResults, newFile]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/not a results\.json of format 1\.x/);
  });

  it('after a clean run against a target, says nothing remains and keeps the ledger for audit', async () => {
    const outcome = await runCli(['--only', 'USR-CREATE-01', '--rate', '0'], { env: target(clean) });
    expect(outcome.code).toBe(4);
    const line = outcome.stdout.split('\n').find((text) => text.startsWith('Cleanup: '));
    expect(line).toMatch(/^Cleanup: nothing this run created remains on the target .* The ledger is kept for audit: .*ledger-[0-9a-f]+\.jsonl$/);
    expect(existsSync(line!.split('kept for audit: ')[1]!)).toBe(true);
    expect(await runLeftoversOn(clean)).toEqual([]);
  });

  it('takes a token pasted with its "Bearer " prefix off with a one-line warning', async () => {
    const outcome = await runCli(['--only', 'CONN-01', '--rate', '0'], { env: { SCIM_BASE_URL: clean.baseUrl, SCIM_TOKEN: `Bearer ${TOKEN}` } });
    expect(outcome.code).toBe(4);
    expect(outcome.stderr.trim().split('\n')).toEqual([
      'warning: SCIM_TOKEN starts with "Bearer "; the prefix was removed (the suite adds it, as Entra does). In Entra\'s Secret Token field, paste the token without it.',
    ]);
    expect(outcome.stdout + outcome.stderr).not.toContain(TOKEN);
  });

  // In-process (commander answers before any run starts): spawning a process per flag would only add start-up time.
  async function mainOutput(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const out = { stdout: '', stderr: '' };
    const capture = (stream: 'stdout' | 'stderr') =>
      vi.spyOn(process[stream], 'write').mockImplementation(((chunk: string | Uint8Array) => {
        out[stream] += String(chunk);
        return true;
      }) as typeof process.stdout.write);
    const spies = [capture('stdout'), capture('stderr')];
    try {
      return { code: await main(args), ...out };
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  }

  it('answers a bad flag value or an unknown flag with one line, not the help', async () => {
    for (const args of [['--dialect', 'both'], ['--frmat', 'json'], ['diff', 'only-one.json']]) {
      const outcome = await mainOutput(args);
      expect(outcome.code, args.join(' ')).toBe(2);
      expect(outcome.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(outcome.stdout).toBe('');
    }
    expect((await mainOutput(['--frmat', 'json'])).stderr).toBe("error: unknown option '--frmat' (Did you mean --format?) (see --help)\n");
  });

  it('names the environment variables and .env in run --help', async () => {
    const outcome = await mainOutput(['run', '--help']);
    expect(outcome.code).toBe(0);
    for (const name of ['SCIM_BASE_URL', 'SCIM_TOKEN', 'SCIM_PROFILE', 'SCIM_DIALECTS', 'SCIM_TIMEOUT_MS', 'SCIM_REPORT_DIR', 'SCIM_SEED', '.env']) {
      expect(outcome.stdout).toContain(name);
    }
  });
});
