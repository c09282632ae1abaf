/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The HTML reports looked at in a real browser: Debian's headless Chromium (`apt-get install chromium`;
 * .ci/run installs it when missing) driven by playwright-core, which downloads no browser of its own. A
 * customer receives certification.html as a file or as a PDF printed from it, so: the header's values never
 * break inside a token nor overflow, the page runs no script and asks for nothing over the network, and it
 * prints on A4 without being cut at the right edge. load.html gets the same checks.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCertificationHtml } from '../../src/report/certification-html.ts';
import { exampleRun } from '../../scripts/render-example-report.ts';
import { runCli } from '../safety/helpers.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** A4 is 210 mm wide: 793.7 CSS pixels at 96 per inch. */
const A4_WIDTH = 794;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (as .ci/run does), or set CHROMIUM_PATH`);
  // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

interface HeaderValue {
  text: string;
  /** Words (whitespace-separated) whose letters the browser laid out on more than one line. */
  brokenWords: string[];
  overflows: boolean;
}

/** For each header value: which of its words were split across lines, and whether it spills out of its box. */
function headerValues(page: Page, selector: string): Promise<HeaderValue[]> {
  return page.evaluate((css) => {
    return [...document.querySelectorAll(css)].map((element) => {
      const brokenWords: string[] = [];
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        for (const match of (node.textContent ?? '').matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
          if (lines.size > 1) brokenWords.push(match[0]);
        }
      }
      const box = element.getBoundingClientRect();
      return { text: element.textContent ?? '', brokenWords, overflows: element.scrollWidth > element.clientWidth + 1 || box.right > document.documentElement.clientWidth + 1 };
    });
  }, selector);
}

/** Opens the file with every request recorded; anything but the file itself is an external request. */
async function open(browser: Browser, file: string, width: number, media: 'screen' | 'print' = 'screen'): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  const requests: string[] = [];
  await page.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.request().url() === pathToFileURL(file).href ? route.continue() : route.abort();
  });
  await page.emulateMedia({ media });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests: requests.filter((url) => url !== pathToFileURL(file).href) };
}

/** No script element, no event-handler attribute, no javascript: link. */
function scriptsIn(page: Page): Promise<string[]> {
  return page.evaluate(() => [
    ...[...document.querySelectorAll('script')].map(() => '<script>'),
    ...[...document.querySelectorAll('*')].flatMap((element) => element.getAttributeNames().filter((name) => name.startsWith('on')).map((name) => `${element.tagName} ${name}`)),
    ...[...document.querySelectorAll('[href^="javascript:" i], [src^="javascript:" i]')].map((element) => element.tagName),
  ]);
}

const pageWidth = (page: Page): Promise<{ scroll: number; client: number }> =>
  page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));

describe.each([
  { report: 'certification.html', header: '.run-facts dd' },
  { report: 'load.html', header: 'header p' },
])('$report in headless Chromium', ({ report, header }) => {
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'scim-browser-'));
    file = join(folder, report);
    if (report === 'certification.html') {
      writeFileSync(file, renderCertificationHtml(exampleRun()));
    } else {
      const outcome = await runCli(['load', '--users', '20', '--groups', '2', '--members-per-group', '4', '--seed', '3', '--rate', '0', '--sustained-rate', '1'], { reportDir: folder });
      expect(outcome.code, outcome.stderr).toBe(0);
    }
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it.each([1280, A4_WIDTH])('shows every header value whole at %i px: no word broken across lines, nothing overflowing', async (width) => {
    const { page } = await open(browser, file, width);
    const values = await headerValues(page, header);
    expect(values.length).toBeGreaterThan(0);
    expect(values.filter((value) => value.brokenWords.length > 0 || value.overflows)).toEqual([]);
    const { scroll, client } = await pageWidth(page);
    expect(scroll).toBeLessThanOrEqual(client);
  });

  it('runs no script and makes no request beyond the file itself', async () => {
    const { page, requests } = await open(browser, file, 1280);
    expect(await scriptsIn(page)).toEqual([]);
    expect(requests).toEqual([]);
    expect(readFileSync(file, 'utf8')).not.toMatch(/<link\b|<img\b[^>]*src="https?:|@import|url\(\s*['"]?https?:/i);
  });

  it('prints on A4: nothing wider than the page, and a PDF of one or more A4 pages', async () => {
    const { page } = await open(browser, file, A4_WIDTH, 'print');
    const { scroll, client } = await pageWidth(page);
    expect(scroll).toBeLessThanOrEqual(client);
    const values = await headerValues(page, header);
    expect(values.filter((value) => value.brokenWords.length > 0 || value.overflows)).toEqual([]);
    const pdf = (await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    // Every page's MediaBox is A4 in points (595.28 × 841.89).
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((match) => [Math.round(Number(match[1])), Math.round(Number(match[2]))]);
    expect(boxes.length).toBeGreaterThan(0);
    for (const [width, height] of boxes) {
      expect(Math.abs(width! - 595)).toBeLessThanOrEqual(2);
      expect(Math.abs(height! - 842)).toBeLessThanOrEqual(2);
    }
  });
});
