// How quickly the HTML report opens: a report of many sites made from a big profile, and a
// flame graph of a real sampled program, each opened in headless chromium from disk.
// Measured: the time `causalprof report` takes to read the profile and write the page, the
// page's size, its first contentful paint, and the time until the plots of the first screen
// are drawn (the rest are drawn as they scroll into view).
//
//   node bench/html.js [sites] [profile MB] [opens]      (default 400 sites, 100 MB, 5)
//
// The profile is synthetic, and says so: `sites` sites, 24 experiments each (0, 25 and 50%
// in turn) whose visits follow a known slope with seeded noise, then blocks of cumulative
// `samples` records for every site (what a long run logs) until the file is that big.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { chromium } = require('playwright-core');
const { median } = require('./lib/stats');
const { writeSection, table } = require('./lib/readme');
const { makeRandom } = require('../dist/lib/causal/policy');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'lib', 'cli', 'main.js');
const SITES = Number(process.argv[2] || 400);
const PROFILE_MB = Number(process.argv[3] || 100);
const OPENS = Number(process.argv[4] || 5);
const CHROMIUM = process.env.CAUSALPROF_CHROMIUM ?? '/usr/bin/chromium';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'causalprof-bench-html-'));

function writeProfile(file) {
  const random = makeRandom(7);
  const fd = fs.openSync(file, 'w');
  const write = (record) => fs.writeSync(fd, `${JSON.stringify(record)}\n`);
  write({
    type: 'startup',
    time: Date.now() * 1e6,
    cores: 2,
    command: 'node bench-synthetic.js',
    node: process.version,
    sampler: 'perf-task-clock',
    interval_us: 1000,
  });
  let t = 0;
  for (let round = 0; round < 24; round++) {
    for (let s = 0; s < SITES; s++) {
      const speedup = [0, 0.25, 0.5][round % 3];
      const slope = (s % 11) / 10;
      const duration = 50e6;
      const rate = 1 + slope * speedup + (random() - 0.5) * 0.04;
      write({
        type: 'experiment',
        selected: `src/module-${s % 40}.js:${10 + s}`,
        speedup,
        duration,
        selected_samples: 20,
        function: `fn${s}`,
        start_time: t,
        wall_duration: duration,
      });
      write({ type: 'throughput-point', name: 'request', delta: Math.round(1000 * rate) });
      t += duration;
    }
  }
  let count = 0;
  while (fs.fstatSync(fd).size < PROFILE_MB * 1048576) {
    count++;
    write({ type: 'runtime', time: t + count * 1e9, undelayed_samples: count * SITES * 10 });
    for (let s = 0; s < SITES; s++) {
      write({
        type: 'samples',
        location: `src/module-${s % 40}.js:${10 + s}`,
        count: count * 10,
        undelayed: count * 10,
      });
    }
  }
  fs.closeSync(fd);
  return fs.statSync(file).size;
}

async function openTimes(browser, file) {
  const times = [];
  for (let i = 0; i < OPENS; i++) {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      offline: true,
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    // The first screen is complete when every plot that starts inside the viewport has
    // drawn (the page stamps each with the time it did); the flame graph when it has frames.
    await page.waitForFunction(() => {
      if (document.getElementById('chart')) return document.querySelector('#chart svg g') !== null;
      const first = [...document.querySelectorAll('.plot')].filter(
        (el) => el.getBoundingClientRect().top < innerHeight,
      );
      return first.length > 0 && first.every((el) => el.getAttribute('data-plot') === 'drawn');
    });
    const t = await page.evaluate(() => {
      const stamps = [...document.querySelectorAll('.plot[data-drawn-at]')]
        .filter((el) => el.getBoundingClientRect().top < innerHeight)
        .map((el) => Number(el.getAttribute('data-drawn-at')));
      return {
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        screen: stamps.length > 0 ? Math.max(...stamps) : performance.now(),
      };
    });
    if (errors.length > 0) throw new Error(`${file}: ${errors.join('; ')}`);
    times.push(t);
    await context.close();
  }
  return { fcp: median(times.map((t) => t.fcp)), screen: median(times.map((t) => t.screen)) };
}

function timed(args, env = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) throw new Error(`causalprof ${args.join(' ')}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main() {
  const profile = path.join(tmp, 'big.coz');
  const bytes = writeProfile(profile);
  const report = path.join(tmp, 'big.html');
  const makeMs = median([1, 2, 3].map(() => timed(['report', profile, '-o', report])));
  const flame = path.join(tmp, 'flame.html');
  timed(
    [
      'sample',
      '-o',
      flame,
      '--',
      process.execPath,
      path.join(ROOT, 'test', 'workloads', 'two-workers.js'),
    ],
    { UNITS: '3000' },
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const big = await openTimes(browser, report);
  const flameTimes = await openTimes(browser, flame);
  await browser.close();
  const rows = [
    [
      `causal report, ${SITES} sites`,
      `${(bytes / 1048576).toFixed(0)} MB`,
      `${(makeMs / 1000).toFixed(1)} s`,
      `${(fs.statSync(report).size / 1024).toFixed(0)} KB`,
      `${big.fcp.toFixed(0)} ms`,
      `${big.screen.toFixed(0)} ms`,
    ],
    [
      'flame graph of two workers (`sample`)',
      '--',
      '--',
      `${(fs.statSync(flame).size / 1024).toFixed(0)} KB`,
      `${flameTimes.fcp.toFixed(0)} ms`,
      `${flameTimes.screen.toFixed(0)} ms`,
    ],
  ];
  console.table(rows);
  writeSection(
    'html',
    'Opening the HTML pages',
    `node bench/html.js ${SITES} ${PROFILE_MB} ${OPENS}`,
    [
      `A synthetic causal profile (${SITES} sites, 24 experiments each, then cumulative samples records for every site until it is ${PROFILE_MB} MB, as a long run logs them) made into a page by \`causalprof report -o\` (median of 3), and a flame graph from \`causalprof sample -o flame.html\` of a real two-worker program; each page opened ${OPENS} times in headless chromium from disk, medians. First screen: until every plot inside the 1280x900 viewport is drawn; the others draw as they scroll into view.`,
      '',
      table(
        [
          'page',
          'profile',
          'making the page',
          'page size',
          'first contentful paint',
          'first screen drawn',
        ],
        rows,
      ),
    ].join('\n'),
  );
}

main().catch((e) => {
  process.stderr.write(`bench/html.js: ${e.message}\n`);
  process.exit(1);
});
