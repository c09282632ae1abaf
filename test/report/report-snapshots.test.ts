/**
 * Snapshots of every renderer on the committed sample (baseline applied, normalised), and a check that
 * docs/example-report/ was regenerated with them (`npx tsx scripts/render-example-report.ts`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DIR, exampleRun } from '../../scripts/render-example-report.ts';
import { renderCertificationHtml } from '../../src/report/certification-html.ts';
import { renderCertificationMarkdown } from '../../src/report/certification-markdown.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { REPORT_FILES, renderJson } from '../../src/report/write-reports.ts';
import { renderValidatorJson } from '../../src/report/validator-json.ts';
import { renderHar } from '../../src/report/har.ts';
import { runHar } from '../../src/report/run-har.ts';

const run = exampleRun();
const rendered = {
  md: renderCertificationMarkdown(run),
  html: renderCertificationHtml(run),
  junit: renderJunit(run),
  json: renderJson(run),
  'validator-json': renderValidatorJson(run),
  // A result read back holds no preflight or sweep: the archive is of the case exchanges it kept.
  har: renderHar(runHar(run, undefined)),
};

describe('report snapshots of the sample run', () => {
  it('certification.md', async () => {
    await expect(rendered.md).toMatchFileSnapshot('./__snapshots__/certification.md');
  });

  it('certification.html', async () => {
    await expect(rendered.html).toMatchFileSnapshot('./__snapshots__/certification.html');
  });

  it('junit.xml', async () => {
    await expect(rendered.junit).toMatchFileSnapshot('./__snapshots__/junit.xml');
  });

  it('renders the same bytes twice (nothing volatile left)', () => {
    expect(renderCertificationHtml(exampleRun())).toBe(rendered.html);
    expect(renderCertificationMarkdown(exampleRun())).toBe(rendered.md);
  });

  it.each(Object.entries(REPORT_FILES))('the committed %s report in docs/example-report is up to date', (format, file) => {
    const committed = readFileSync(join(EXAMPLE_DIR, file), 'utf8');
    expect(committed, 'run `npx tsx scripts/render-example-report.ts`').toBe(rendered[format as keyof typeof rendered]);
  });
});
