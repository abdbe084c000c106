#!/usr/bin/env node
// The README's screenshots of the HTML report, from real profiles: a causal run of the
// bundled example (about 30 s), and Coz's own ferret profile (../shared/fixtures/coz/).
// Each page is opened in headless chromium from disk and its first screen saved as PNG.
//
//   node scripts/screenshots.js        (writes docs/images/report-example.png, report-ferret.png)
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'lib', 'cli', 'main.js');
const OUT = path.join(ROOT, 'docs', 'images');
const CHROMIUM = process.env.CAUSALPROF_CHROMIUM ?? '/usr/bin/chromium';

function cli(args, options = {}) {
  execFileSync(process.execPath, [CLI, ...args], { stdio: 'inherit', ...options });
}

async function shoot(browser, page, png, fullPage) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 1100 },
    deviceScaleFactor: 1,
    offline: true,
  });
  const tab = await context.newPage();
  await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
  await tab.waitForSelector('.plot[data-plot="drawn"] canvas');
  if (fullPage) {
    for (const card of await tab.locator('article.site').all()) await card.scrollIntoViewIfNeeded();
    await tab.evaluate(() => window.scrollTo(0, 0));
    await tab.waitForTimeout(300);
  }
  await tab.screenshot({ path: png, fullPage });
  await context.close();
  process.stderr.write(`wrote ${path.relative(ROOT, png)}\n`);
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'causalprof-shots-'));
  const example = path.join(tmp, 'example.coz');
  // Run from the repository so the report names the example by its relative path.
  cli(['run', '-o', example, '--', process.execPath, 'examples/background-work.js'], { cwd: ROOT });
  cli(['report', example, '-o', path.join(tmp, 'example.html')]);
  const ferret = path.resolve(ROOT, '..', 'shared', 'fixtures', 'coz', 'ferret.coz');
  cli(['report', ferret, '-o', path.join(tmp, 'ferret.html')]);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  // The example whole (both its lines: the one that matters and the hot one that does not);
  // ferret's first screen.
  await shoot(browser, path.join(tmp, 'example.html'), path.join(OUT, 'report-example.png'), true);
  await shoot(browser, path.join(tmp, 'ferret.html'), path.join(OUT, 'report-ferret.png'), false);
  await browser.close();
}

main().catch((e) => {
  process.stderr.write(`screenshots: ${e.message}\n`);
  process.exit(1);
});
