// The HTML report and flame graph pages in a real browser (chromium, headless): made by the
// real CLI from real profiles (a causal run of the bundled example, Coz's own profiles, a
// sampled program), opened from disk with the network off.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRecords } from '../lib/profile/writer';
import { browserMissing, drawAllPlots, launchBrowser, openFile } from './helpers/browser';
import { runNode } from './helpers/process';
import { CLI, ROOT, runCli, tempDir, WORKLOADS } from './helpers/profile';

const COZ_FIXTURES = path.resolve(ROOT, '..', 'shared', 'fixtures', 'coz');
const missing = browserMissing();

describe.skipIf(missing !== undefined)('HTML pages in chromium', () => {
  let browser: Browser;
  let dir: string;
  let examplePage: string;
  let exampleProfile: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    dir = tempDir('causalprof-html-');
    // A real causal profile: the README's example for 20 s (two workers, one progress point).
    exampleProfile = path.join(dir, 'example.coz');
    const run = await runNode(
      [
        CLI,
        'run',
        '-o',
        exampleProfile,
        '--',
        process.execPath,
        path.join(ROOT, 'examples', 'background-work.js'),
      ],
      { env: { SECONDS_TO_RUN: '20' }, timeoutMs: 90_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    examplePage = path.join(dir, 'example.html');
    const r = runCli(['report', exampleProfile, '-o', examplePage]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/wrote .*example\.html: \d+ site/);
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows what was run, a plot per shown site, and nothing fetched, with no errors', async () => {
    const { page, errors, requests } = await openFile(browser, examplePage);
    expect(await page.locator('h1').textContent()).toBe('Causal profile');
    const runs = page.locator('table.runs tbody tr');
    expect(await runs.count()).toBe(1);
    const runText = (await runs.first().textContent()) ?? '';
    expect(runText).toContain('background-work.js');
    expect(runText).toMatch(/perf-task-clock|posix-cpu-timer/);
    expect(runText).toMatch(/up to [3-9]/); // main, renderer, indexer (and our driver)
    expect(await page.locator('table.points').textContent()).toContain('job');
    const shown = await drawAllPlots(page);
    expect(shown).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.count').textContent()).toMatch(
      new RegExp(`^${shown} of ${shown} sites shown`),
    );
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('shows the right source line for each site of the program', async () => {
    const { page } = await openFile(browser, examplePage);
    const cards = page.locator('article.site[data-kind="own"]');
    const n = await cards.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      const card = cards.nth(i);
      const site = (await card.getAttribute('data-site')) as string;
      const [, file, line] = /^(.*):(\d+)$/.exec(site) as RegExpExecArray;
      const onDisk = fs.readFileSync(path.resolve(ROOT, file as string), 'utf8').split('\n');
      const hit = card.locator('.src-line.hit');
      expect(await hit.getAttribute('data-line')).toBe(line as string);
      const text = ((await hit.textContent()) ?? '').replace(/^\s*\d+ /, '');
      expect(text.trimEnd()).toBe((onDisk[Number(line) - 1] as string).trimEnd());
    }
  });

  it('sorts and filters the list', async () => {
    const { page } = await openFile(browser, examplePage);
    const order = () =>
      page
        .locator('article.site')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-site')));
    const all = await order();
    await page.click('button[data-sort="name"]');
    expect(await order()).toEqual([...all].sort());
    await page.click('button[data-sort="name"]'); // again: the other way
    expect(await order()).toEqual([...all].sort().reverse());
    await page.click('button[data-sort="samples"]');
    const shares = await page
      .locator('article.site .stat-samples dd')
      .evaluateAll((els) => els.map((e) => Number.parseFloat(e.textContent ?? '') || -1));
    expect(shares).toEqual([...shares].sort((a, b) => b - a));

    const first = all[0] as string;
    await page.fill('input[type="search"]', path.basename(first));
    const matching = await order();
    expect(matching.length).toBeGreaterThan(0);
    expect(matching.length).toBeLessThan(all.length);
    expect(matching.every((s) => s?.includes(path.basename(first)))).toBe(true);
    await page.fill('input[type="search"]', '');
    expect((await order()).length).toBe(all.length);

    await page.fill('input[aria-label="minimum experiments"]', '100000');
    expect(await order()).toEqual([]);
    expect(await page.locator('.empty').textContent()).toBe('No site matches the filters.');
    await page.fill('input[aria-label="minimum experiments"]', '0');
    await page.uncheck('input[data-kind="own"]');
    const others = await page
      .locator('article.site')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(others).not.toContain('own');
    expect(others.length).toBeLessThan(all.length);
  });

  it("draws Coz's own profiles", async () => {
    for (const name of fs.readdirSync(COZ_FIXTURES).filter((f) => f.endsWith('.coz'))) {
      const out = path.join(dir, `${name}.html`);
      const r = runCli(['report', path.join(COZ_FIXTURES, name), '--format', 'html', '-o', out]);
      expect(r.status, r.stderr).toBe(0);
      const { page, errors } = await openFile(browser, out);
      const shown = await drawAllPlots(page);
      expect(shown, name).toBeGreaterThan(0);
      expect(errors, name).toEqual([]);
      await page.context().close();
    }
  });

  it('shows names from profiles and source files as text, never as markup', async () => {
    const hostile = path.join(dir, 'hostile');
    fs.mkdirSync(hostile);
    const file = '<img src=x onerror=alert(1)>.js';
    fs.writeFileSync(
      path.join(hostile, file),
      ['// line 1', 'run("</script><script>alert(2)</script>");', '// line 3', ''].join('\n'),
    );
    const site = `${file}:2`;
    const fn = '<script>alert(3)</script>';
    const point = '"><svg onload=alert(4)>';
    const records = [
      {
        type: 'startup' as const,
        time: 1e18,
        command: 'node <b onmouseover=alert(5)>x</b>',
        cwd: hostile,
      },
    ];
    const experiments = [];
    for (let i = 0; i < 12; i++) {
      const speedup = [0, 0.25, 0.5][i % 3] as number;
      experiments.push(
        {
          type: 'experiment' as const,
          selected: site,
          speedup,
          duration: 1e9,
          selected_samples: 50,
          function: fn,
        },
        // Half the line's speedup, with a little noise so the fit has some.
        {
          type: 'throughput-point' as const,
          name: point,
          delta: Math.round(1000 * (1 + speedup / 2)) + (i % 2 ? 4 : -4),
        },
      );
    }
    const profile = path.join(hostile, 'hostile.coz');
    fs.writeFileSync(profile, formatRecords([...records, ...experiments]));
    const out = path.join(hostile, 'hostile.html');
    const r = runCli(['report', profile, '-o', out]);
    expect(r.status, r.stderr).toBe(0);

    const { page, errors, dialogs } = await openFile(browser, out);
    await drawAllPlots(page);
    expect(await page.locator('.site-name').textContent()).toBe(site);
    expect(await page.locator('.function').textContent()).toContain(fn);
    expect(await page.locator('.src-line.hit').textContent()).toContain(
      '</script><script>alert(2)</script>',
    );
    expect(await page.locator('table.runs').textContent()).toContain(
      '<b onmouseover=alert(5)>x</b>',
    );
    await page.hover('.site-name');
    await page.hover('table.runs');
    expect(await page.locator('img, svg, b').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2); // the data and the page's code
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('draws a sampled program as a flame graph per thread and merged', async () => {
    const out = path.join(dir, 'flame.html');
    const r = runCli(
      ['sample', '-o', out, '--', process.execPath, path.join(WORKLOADS, 'two-workers.js')],
      {
        env: { UNITS: '1500' },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('flame graph');
    const { page, errors, requests } = await openFile(browser, out);
    const options = await page.locator('select[aria-label="thread"] option').allTextContents();
    expect(options[0]).toMatch(/^all threads merged/);
    expect(options.length).toBeGreaterThanOrEqual(3); // merged and the two workers
    const frames = page.locator('#chart svg g');
    expect(await frames.count()).toBeGreaterThan(3);
    const merged = await page.locator('#chart svg').innerHTML();
    await page.selectOption('select[aria-label="thread"]', '1');
    await expect.poll(() => page.locator('#chart svg').innerHTML()).not.toBe(merged);
    await page.fill('input[aria-label="search"]', 'unit');
    expect(await page.locator('.details').textContent()).toContain('search:');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
