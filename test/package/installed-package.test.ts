/**
 * The package as a user gets it: built with tsc, packed with `npm pack`, installed with `npm install` into an
 * empty folder (offline, from the npm cache `npm ci` filled), then used the three published ways: the
 * `scim-conformance` command, `import … from 'scim-conformance'`, and `scim-conformance/vitest` in a tiny
 * vitest project. Nothing here touches the worktree's own dist/: the build goes to a temporary folder.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREAS, DIALECTS } from '../../src/model/vocabulary.ts';
import { loadProfile } from '../../src/profiles/profile.ts';
import { plannedCases } from '../../src/config.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'scim-conformance-package-'));
const stage = join(work, 'stage');
const consumer = join(work, 'consumer');

/** The children must not think they run inside this vitest run, nor read a target from it. */
function childEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('VITEST') && name !== 'NODE_OPTIONS' && !name.startsWith('npm_')) env[name] = value;
  }
  return { ...env, SCIM_BASE_URL: '', SCIM_TOKEN: '', SCIM_CONFORMANCE_NO_DOTENV: '1', NO_COLOR: '1' };
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: childEnvironment(), timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

async function ok(command: string, args: string[], cwd: string): Promise<string> {
  const result = await run(command, args, cwd);
  expect(result.code, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

interface Lockfile {
  packages: Record<string, { version?: string; dev?: boolean; devOptional?: boolean; dependencies?: Record<string, string> }>;
}

/**
 * `npm install <tarball>` would ask the registry for each dependency's metadata, which `npm ci` never
 * cached, so it fails offline. A lockfile made of the project's own (its production entries, exact versions
 * and integrity hashes) lets `npm ci --offline` take every tarball from the cache instead.
 */
function writeConsumerLockfile(tarball: string): void {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const spec = `file:${tarball}`;
  const consumerManifest = JSON.parse(readFileSync(join(consumer, 'package.json'), 'utf8')) as Record<string, unknown>;
  consumerManifest.dependencies = { 'scim-conformance': spec };
  writeFileSync(join(consumer, 'package.json'), `${JSON.stringify(consumerManifest, null, 2)}\n`);
  const production = Object.entries(lock.packages).filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev && !entry.devOptional);
  const packages = {
    '': { name: consumerManifest.name, dependencies: { 'scim-conformance': spec } },
    'node_modules/scim-conformance': {
      version: manifest.version,
      resolved: spec,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      peerDependencies: manifest.peerDependencies,
      peerDependenciesMeta: manifest.peerDependenciesMeta,
    },
    ...Object.fromEntries(production),
  };
  writeFileSync(join(consumer, 'package-lock.json'), JSON.stringify({ name: consumerManifest.name, lockfileVersion: 3, requires: true, packages }, null, 2));
}

beforeAll(async () => {
  // Type checking is `npm run typecheck`'s job; the build here only emits.
  await ok(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck', '--outDir', join(stage, 'dist')], ROOT);
  // The rest of `npm run build`: the schema validators generated ahead of time.
  await ok(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/precompile-schemas.ts'), join(stage, 'dist')], ROOT);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  for (const entry of ['package.json', ...manifest.files.filter((file) => file !== 'dist')]) {
    cpSync(join(ROOT, entry), join(stage, entry), { recursive: true });
  }
  // And the help texts, captured from the staged CLI itself (which needs the worktree's dependencies only
  // while it runs: the link is gone before packing).
  symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'), 'dir');
  await ok(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/precompile-help.ts'), join(stage, 'dist')], ROOT);
  rmSync(join(stage, 'node_modules'));
  const packed = await ok('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], stage);
  const tarball = join(work, packed.trim().split('\n').at(-1) ?? '');

  cpSync(join(ROOT, 'test/package/consumer'), consumer, { recursive: true });
  writeConsumerLockfile(tarball);
  await ok('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], consumer);
  // vitest is an optional peer: a vendor's project has its own. This one borrows the worktree's (installed
  // after npm install, which would otherwise prune it), so the package and the runner share one vitest.
  symlinkSync(join(ROOT, 'node_modules/vitest'), join(consumer, 'node_modules/vitest'), 'dir');
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the installed package', () => {
  it('ships compiled JavaScript, fixtures and schemas, and no TypeScript sources', () => {
    const installed = join(consumer, 'node_modules/scim-conformance');
    expect(readdirSync(installed).sort()).toEqual(['README.md', 'dist', 'fixtures', 'package.json', 'schemas']);
    expect(existsSync(join(installed, 'dist/cli.js'))).toBe(true);
    expect(existsSync(join(installed, 'dist/index.d.ts'))).toBe(true);
    expect(existsSync(join(installed, 'dist/schema/precompiled-schemas.cjs'))).toBe(true);
    expect(existsSync(join(installed, 'node_modules/tsx')) || existsSync(join(consumer, 'node_modules/tsx'))).toBe(false);
  });

  it('npx scim-conformance --help prints the commands', async () => {
    const stdout = await ok('npx', ['--no', '--', 'scim-conformance', '--help'], consumer);
    // Answered from the help captured at build time, which is the program's own text.
    const captured = JSON.parse(readFileSync(join(consumer, 'node_modules/scim-conformance/dist/cli/help.json'), 'utf8')) as { texts: Record<string, string> };
    expect(stdout).toBe(captured.texts['--help']);
    expect(await ok('npx', ['--no', '--', 'scim-conformance', 'list', '--help'], consumer)).toMatch(/^Usage: scim-conformance list/m);
    expect(stdout).toMatch(/^Usage: scim-conformance/m);
    expect(stdout).toMatch(/^\s+run \[options\]/m);
  });

  it('npx scim-conformance run passes against the embedded server and writes the reports', async () => {
    const stdout = await ok('npx', ['--no', '--', 'scim-conformance', 'run', '--seed', '7', '--report-dir', 'reports'], consumer);
    expect(stdout).toContain('embedded reference server');
    expect(readdirSync(join(consumer, 'reports')).sort()).toEqual(['certification.html', 'certification.md', 'junit.xml', 'results.json', 'run.har']);
    const results = JSON.parse(readFileSync(join(consumer, 'reports/results.json'), 'utf8')) as { verdict: { entra: string }; cases: unknown[] };
    expect(results.verdict.entra).toBe('ready');
    expect(results.cases.length).toBeGreaterThan(40);
  });

  it("import { runSuite } from 'scim-conformance' runs the suite", async () => {
    const stdout = await ok(process.execPath, ['library.mjs'], consumer);
    const printed = JSON.parse(stdout) as { catalogue: number; verdict: string; statuses: string[]; leftovers: number; embedded: { cases: number; seen: number } };
    expect(printed.catalogue).toBeGreaterThan(30);
    expect(printed).toMatchObject({ verdict: 'ready', statuses: ['pass'], leftovers: 0 });
    expect(printed.embedded).toMatchObject({ target: 'embedded reference server', statuses: ['pass'] });
    expect(printed.embedded.cases).toBeGreaterThan(0);
    expect(printed.embedded.seen).toBe(printed.embedded.cases);
  });

  it("scim-conformance/vitest registers suites that pass in the consumer's vitest project", async () => {
    const stdout = await ok(process.execPath, [join(consumer, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=json'], consumer);
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults: { assertionResults: { ancestorTitles: string[]; title: string }[] }[];
    };
    const titles = report.testResults.flatMap((file) => file.assertionResults);
    // Against the embedded server the opt-in case runs (and passes) like any other: nothing is skipped.
    expect(titles.filter((test) => test.title.includes('(opt-in, not run')).map((test) => test.title)).toEqual([]);
    expect(titles.some((test) => test.title.startsWith('LIFE-GROW-01 MUST'))).toBe(true);
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBe(titles.length);
    expect(new Set(titles.map((test) => test.ancestorTitles[0]))).toEqual(new Set(['connection (profile akamai-eaa)', 'users (profile akamai-eaa)', 'groups (profile akamai-eaa)']));
    // One test per planned case and dialect (the opt-in ones included), plus one "left nothing behind" per area.
    expect(titles).toHaveLength(plannedCases({ withOptIn: true }, DIALECTS, false, loadProfile('akamai-eaa')).length + AREAS.length);
    expect(titles.some((test) => test.title.startsWith('USR-PATCH-01 [compliant] MUST'))).toBe(true);
  });
});
