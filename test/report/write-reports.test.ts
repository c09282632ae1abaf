import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReports } from '../../src/report/write-reports.ts';
import { caseResult, runResult } from './helpers.ts';

describe('writeReports', () => {
  it('writes all five reports side by side by default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reports-'));
    const files = writeReports(runResult([caseResult()]), dir);
    expect(files.map((file) => basename(file))).toEqual(['junit.xml', 'results.json', 'certification.html', 'certification.md', 'run.har']);
    expect(readFileSync(join(dir, 'certification.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(readFileSync(join(dir, 'certification.md'), 'utf8')).toMatch(/^# SCIM conformance report/);
  });

  it('writes only the formats asked for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reports-'));
    expect(writeReports(runResult([caseResult()]), dir, ['md']).map((file) => basename(file))).toEqual(['certification.md']);
  });
});
