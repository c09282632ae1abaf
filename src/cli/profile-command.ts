/**
 * `scim-conformance profile import FILE [-o OUT]` and `profile check FILE|NAME [--target ID]`: turn an Entra
 * provisioning schema export into a profile, and lint a mapping against a target before anything is sent.
 * Unreadable or foreign input is one line and exit 2 (usage), like every configuration error.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { checkProfile, renderFinding } from '../profiles/check-profile.ts';
import { ProfileInputError } from '../profiles/import/read-input.ts';
import { listProfileIds, loadProfile } from '../profiles/profile.ts';
import { resolveProfile, type ResolvedProfile } from '../profiles/resolve-profile.ts';
import { EXIT } from './exit-codes.ts';

const DEFAULT_TARGET = 'akamai-eaa';

export function registerProfileCommand(program: Command, setExitCode: (code: number) => void): void {
  const profile = program.command('profile').description("import a tenant's exported provisioning schema as a profile, or check a mapping against a target");
  profile
    .command('import <file>')
    .description('read an exported provisioning schema (portal download or Graph .../synchronization/jobs/{id}/schema) and write a profile')
    .option('-o, --out <file>', 'write the profile here (default: standard output)')
    .action((file: string, options: { out?: string }) => setExitCode(importCommand(file, options.out)));
  profile
    .command('check <fileOrName>')
    .description("lint a mapping (export, profile file or built-in name) against a target's requirements; exit 1 when it cannot work")
    .option('--target <id>', `the target to check against (default ${DEFAULT_TARGET})`)
    .action((fileOrName: string, options: { target?: string }) => setExitCode(checkCommand(fileOrName, options.target ?? DEFAULT_TARGET)));
}

export function importCommand(file: string, out: string | undefined): number {
  const resolved = readOrReport(file);
  if (resolved === undefined) return EXIT.usage;
  for (const note of resolved.notes) process.stderr.write(`note: ${note.pointer}: ${note.message}\n`);
  const text = `${JSON.stringify(resolved.profile, null, 2)}\n`;
  if (out === undefined) {
    process.stdout.write(text);
  } else {
    writeFileSync(out, text);
    process.stdout.write(`Wrote ${out}: profile ${resolved.profile.id}, mapping hash ${resolved.hash}; run it with --profile ${out}\n`);
  }
  return EXIT.ready;
}

export function checkCommand(fileOrName: string, targetId: string): number {
  const targets = listProfileIds().filter((id) => loadProfile(id).target !== undefined);
  if (!targets.includes(targetId)) {
    const known = listProfileIds().includes(targetId);
    // A built-in mapping that is no target (entra-default is Entra's own default mapping) is said to be one.
    const why = known ? `${targetId} is a mapping, not a target with known requirements` : `${JSON.stringify(targetId)} is not a target the suite knows the requirements of`;
    process.stderr.write(`profile check: --target ${why}; --target takes ${targets.join(' or ')} (check a mapping against one with \`profile check ${targetId} --target ${targets[0] ?? ''}\`)\n`);
    return EXIT.usage;
  }
  const resolved = readOrReport(fileOrName);
  if (resolved === undefined) return EXIT.usage;
  const target = loadProfile(targetId);
  const findings = checkProfile(resolved.profile, target, resolved.notes);
  for (const finding of findings) process.stdout.write(`${renderFinding(finding)}\n`);
  const blocking = findings.filter((finding) => finding.severity === 'blocking').length;
  const name = target.target?.name ?? target.id;
  process.stdout.write(
    blocking > 0
      ? `${blocking} problem(s) will stop provisioning to ${name}; fix them in Provisioning > Attribute mapping.\n`
      : `Nothing here stops provisioning to ${name}${findings.length > 0 ? ` (${findings.length} finding(s) to review)` : ''}.\n`,
  );
  return blocking > 0 ? EXIT.notReady : EXIT.ready;
}

function readOrReport(fileOrName: string): ResolvedProfile | undefined {
  try {
    return resolveProfile(fileOrName);
  } catch (error) {
    if (!(error instanceof ProfileInputError)) throw error;
    process.stderr.write(`profile: ${error.message}\n`);
    return undefined;
  }
}
