/**
 * Cleanup however a run ends, with the CLI as a child process against a reference server in this process:
 * SIGINT in the middle of a create (the answer never reaches the run) still leaves nothing behind, and a
 * run killed with SIGKILL leaves a ledger that `cleanup --ledger` clears.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/model/vocabulary.ts';
import { plannedCases } from '../../src/config.ts';
import { loadProfile } from '../../src/profiles/profile.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer, ScimMiddleware } from '../../src/server/types.ts';
import { ledgerFiles, readLedgerEntries, runCli, runLeftoversOn, tokenForms } from './helpers.ts';

const TOKEN = 'interrupt-Tok3n-0b7e91';
/** What a full run plans (the catalogue grows; the tests should not care by how much). */
const ALL_CASES = plannedCases(undefined, [...DIALECTS], false, loadProfile('akamai-eaa')).length;
const ENV = { SCIM_TOKEN: TOKEN };

const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closing.length > 0) await closing.pop()?.();
});

/**
 * Acts on the child at the first group create that follows a user create (the first case holding a user
 * and a group with a membership to be): lets the server create the group, then calls `act`, then holds the
 * answer back for `holdMs`, so the run never learns the group's id from the answer.
 */
function atFirstGroupAfterUser(act: () => boolean, holdMs: number): { middleware: ScimMiddleware; fired: () => boolean } {
  let previous = '';
  let fired = false;
  const middleware: ScimMiddleware = async (request, next) => {
    const here = `${request.method} ${request.path}`;
    const trigger = !fired && here === 'POST /Groups' && previous === 'POST /Users';
    previous = here;
    const response = await next(request);
    // `act` answers false while there is no child to act on yet (requests made by the test itself).
    if (trigger && act()) {
      fired = true;
      await new Promise((resolve) => setTimeout(resolve, holdMs).unref());
    }
    return response;
  };
  return { middleware, fired: () => fired };
}

async function serverWith(middleware: ScimMiddleware): Promise<RunningReferenceServer> {
  const server = await startReferenceServer({ token: TOKEN, middleware: [middleware] });
  closing.push(() => server.close());
  return server;
}

describe('interrupted and crashed runs', () => {
  it('SIGINT mid-create: aborts the request, stops, deletes everything (the unanswered create too), writes reports, exits 130', async () => {
    let child: ChildProcess | undefined;
    let signalledAt = 0;
    const trigger = atFirstGroupAfterUser(() => {
      signalledAt = Date.now();
      return child?.kill('SIGINT') === true;
    }, 15_000);
    const server = await serverWith(trigger.middleware);
    const outcome = await runCli(['--base-url', server.baseUrl, '--rate', '0'], { env: ENV, onSpawn: (spawned) => (child = spawned) });
    const afterSignalMs = Date.now() - signalledAt;
    console.log(`SIGINT: run exited ${outcome.code} ${afterSignalMs} ms after the signal (the server held its answer for 15000 ms)`);

    expect(trigger.fired()).toBe(true);
    expect(outcome.code).toBe(130);
    expect(afterSignalMs).toBeLessThan(10_000); // the held request was aborted, not waited for
    expect(outcome.stderr).toMatch(/Interrupted \(SIGINT\): stopping, deleting what this run created/);
    expect(await runLeftoversOn(server)).toEqual([]);

    const results = JSON.parse(readFileSync(join(outcome.reportDir, 'results.json'), 'utf8')) as {
      aborted?: string;
      interrupted?: string;
      verdict: { entra: string; exitCode: number; headline: string };
      leftovers: unknown[];
      cases: { id: string; status: string; reason?: string }[];
    };
    expect(results.aborted).toMatch(new RegExp(`^interrupted by SIGINT: ${results.cases.length} of ${ALL_CASES} case runs done$`));
    // The report says what the exit code says: Incomplete, 130 (issue 19: it said Not ready, exit 1).
    expect(results.interrupted).toBe('SIGINT');
    expect(results.verdict).toMatchObject({ entra: 'incomplete', exitCode: 130 });
    expect(results.verdict.headline).toMatch(/^Incomplete: the run stopped early \(interrupted by SIGINT/);
    expect(results.leftovers).toEqual([]);
    expect(results.cases.at(-1)).toMatchObject({ status: 'error', reason: expect.stringMatching(/^interrupted by SIGINT: request aborted by the caller: POST /) });
    expect(results.cases.length).toBeLessThan(ALL_CASES);

    const [ledger] = ledgerFiles(outcome.reportDir);
    const entries = readLedgerEntries(ledger!);
    const created = entries.filter((entry) => entry.state === 'created');
    expect(created.some((entry) => entry.kind === 'group')).toBe(true);
    expect(entries.filter((entry) => entry.state === 'pending')).toEqual([]);
    expect(created.every((entry) => entry.deleted)).toBe(true);
    console.log(`SIGINT ledger: ${entries.length} entries, ${created.length} created and deleted, ${entries.length - created.length} refused by the target`);
    for (const form of tokenForms(TOKEN)) expect(outcome.stdout + outcome.stderr + readFileSync(ledger!, 'utf8')).not.toContain(form);
  }, 60_000);

  it('a second SIGINT during the cleanup quits at once, and the ledger still lets `cleanup --ledger` finish', async () => {
    let child: ChildProcess | undefined;
    let secondAt = 0;
    const trigger = atFirstGroupAfterUser(() => child?.kill('SIGINT') === true, 0);
    // Once the run says it was interrupted, the target stalls every DELETE: the first one gets the second
    // Ctrl-C. (Waiting for the run to say so: with several cases at a time, a case's own DELETE may arrive
    // before the first signal is handled, and two signals that close together can arrive as one.)
    let stalling = true;
    let interruptHandled = false;
    const stallDeletes: ScimMiddleware = async (request, next) => {
      if (stalling && interruptHandled && request.method === 'DELETE') {
        if (secondAt === 0) {
          secondAt = Date.now();
          child?.kill('SIGINT');
        }
        await new Promise((resolve) => setTimeout(resolve, 15_000).unref());
      }
      return next(request);
    };
    const server = await startReferenceServer({ token: TOKEN, middleware: [stallDeletes, trigger.middleware] });
    closing.push(() => server.close());
    const outcome = await runCli(['--base-url', server.baseUrl, '--rate', '0'], {
      env: ENV,
      onSpawn: (spawned) => {
        child = spawned;
        spawned.stderr?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('Interrupted (SIGINT)')) interruptHandled = true;
        });
      },
    });
    const quitMs = Date.now() - secondAt;
    console.log(`second SIGINT: exited ${outcome.code} ${quitMs} ms after it`);
    expect(outcome.code).toBe(130);
    expect(quitMs).toBeLessThan(5_000);
    const [ledger] = ledgerFiles(outcome.reportDir);
    expect(readLedgerEntries(ledger!).some((entry) => entry.state !== 'not-created' && !entry.deleted)).toBe(true);
    expect((await runLeftoversOn(server)).length).toBeGreaterThan(0);

    stalling = false;
    const cleanup = await runCli(['cleanup', '--ledger', ledger!, '--token-env', 'SCIM_TOKEN', '--rate', '0'], { env: ENV });
    expect(cleanup.code).toBe(0);
    expect(cleanup.stdout).toContain('Nothing this run created remains on the target.');
    expect(await runLeftoversOn(server)).toEqual([]);
  }, 60_000);

  it('SIGKILL mid-run leaves a ledger that `cleanup --ledger` clears, and only its ids', async () => {
    let child: ChildProcess | undefined;
    const trigger = atFirstGroupAfterUser(() => child?.kill('SIGKILL') === true, 200);
    const server = await serverWith(trigger.middleware);
    // Someone else's user and group, with names close to the run's: cleanup must not touch them.
    for (const [endpoint, body] of [
      ['Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'scimconf-other-run-keep@example.com' }],
      ['Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'scimconf-other-run-keep' }],
    ] as const) {
      await fetch(`${server.baseUrl}/${endpoint}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' }, body: JSON.stringify(body) });
    }
    const crashed = await runCli(['--base-url', server.baseUrl, '--rate', '0'], { env: ENV, onSpawn: (spawned) => (child = spawned) });
    expect(crashed.signal).toBe('SIGKILL');
    const left = (await runLeftoversOn(server)).filter((name) => !name.includes('other-run'));
    expect(left.length).toBeGreaterThanOrEqual(2); // the user, and the group whose answer never arrived
    const [ledger] = ledgerFiles(crashed.reportDir);
    // The group whose answer never arrived; with several cases at a time (the default against a target that
    // is not the embedded server), other creates may have been in flight too.
    expect(readLedgerEntries(ledger!).filter((entry) => entry.state === 'pending').length).toBeGreaterThanOrEqual(1);

    const cleanup = await runCli(['cleanup', '--ledger', ledger!, '--token-env', 'SCIM_TOKEN'], { env: ENV });
    console.log(`cleanup --ledger after SIGKILL: exit ${cleanup.code} in ${cleanup.ms} ms\n${cleanup.stdout}`);
    expect(cleanup.code).toBe(0);
    // At least what was there when the run died: creates in flight then may have landed since.
    expect(Number(/Removed (\d+):/.exec(cleanup.stdout)?.[1])).toBeGreaterThanOrEqual(left.length);
    expect(cleanup.stdout).toContain('Nothing this run created remains on the target.');
    expect((await runLeftoversOn(server)).sort()).toEqual(['Groups:scimconf-other-run-keep', 'Users:scimconf-other-run-keep@example.com']);
    const entries = readLedgerEntries(ledger!);
    expect(entries.filter((entry) => entry.state === 'pending')).toEqual([]);
    expect(entries.filter((entry) => entry.state === 'created').every((entry) => entry.deleted)).toBe(true);

    // A second cleanup finds nothing to do; one pointed at another target refuses.
    const again = await runCli(['cleanup', '--ledger', ledger!, '--token-env', 'SCIM_TOKEN'], { env: ENV });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Removed nothing: the ledger holds nothing left to delete\.$/m);
    const elsewhere = await runCli(['cleanup', '--ledger', ledger!, '--token-env', 'SCIM_TOKEN', '--base-url', 'https://prod.example.com/scim/v2'], { env: ENV });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/is not the target the ledger was written for/);
  }, 60_000);
});
