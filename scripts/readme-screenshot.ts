/**
 * `npm run readme-screenshot`: the picture of the certification report in the README
 * (docs/images/certification-report.png), taken from docs/example-report/certification.html in Debian's
 * headless Chromium through playwright-core, the same browser the report's browser test uses. The top of the
 * page: the run's facts, the verdict with its overview matrix and its lists.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const REPORT = fileURLToPath(new URL('../docs/example-report/certification.html', import.meta.url));
export const SCREENSHOT = fileURLToPath(new URL('../docs/images/certification-report.png', import.meta.url));

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 }, deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(REPORT).href);
  // Down to the end of the verdict box: what a reader sees first.
  const verdictBottom = await page.locator('section.verdict').evaluate((element) => element.getBoundingClientRect().bottom);
  await page.screenshot({ path: SCREENSHOT, clip: { x: 0, y: 0, width: 1100, height: Math.min(1400, Math.ceil(verdictBottom) + 16) } });
  console.log(`wrote ${SCREENSHOT}`);
} finally {
  await browser.close();
}
