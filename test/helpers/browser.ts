// A real browser for the HTML pages' tests: Debian's chromium, driven by playwright-core.
// Where there is none the tests are skipped and say so; with CAUSALPROF_REQUIRE_BROWSER=1
// (set by .ci/run, which installs chromium) a missing browser fails instead.
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CAUSALPROF_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  if (fs.existsSync(CHROMIUM)) return undefined;
  const why = `no chromium at ${CHROMIUM} (apt-get install chromium, or set CAUSALPROF_CHROMIUM)`;
  if (process.env.CAUSALPROF_REQUIRE_BROWSER === '1') {
    throw new Error(`CAUSALPROF_REQUIRE_BROWSER=1 but ${why}`);
  }
  process.stderr.write(`SKIPPED: the HTML pages' browser tests: ${why}\n`);
  return why;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Headless on a machine with no display, GPU or network to spare: nothing starts
    // that the tests do not need, and a fresh profile each time (playwright's default).
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface OpenedPage {
  page: Page;
  /** Console errors and uncaught exceptions, as text. */
  errors: string[];
  /** Every URL the page asked for other than its own file. */
  requests: string[];
  /** Any alert/confirm/prompt the page raised (an escaping failure runs one). */
  dialogs: string[];
}

/** Opens an HTML file from disk with the network off, recording anything else it asks for. */
export async function openFile(
  browser: Browser,
  file: string,
  viewport = { width: 1280, height: 900 },
): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport, offline: true });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const opened: OpenedPage = { page, errors: [], requests: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') opened.errors.push(m.text());
  });
  page.on('pageerror', (e) => opened.errors.push(String(e)));
  page.on('dialog', (d) => {
    opened.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (r.url() !== url) opened.requests.push(r.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  return opened;
}

/** Scrolls every shown site into view, so each draws its plot, and waits until all have. */
export async function drawAllPlots(page: Page): Promise<number> {
  const cards = page.locator('article.site');
  const n = await cards.count();
  for (let i = 0; i < n; i++) await cards.nth(i).scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (count) =>
      document.querySelectorAll('article.site .plot[data-plot="drawn"] canvas').length === count,
    n,
  );
  return n;
}
