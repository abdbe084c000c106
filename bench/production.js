// The overhead of sampling at the production default (100 Hz, which takes the tick-driven
// POSIX timer), at 100 Hz forced onto perf_event, at 1 kHz (the default, through the perf
// ring without signals, and with a signal per sample), and of `node --cpu-prof`,
// measured directly. Effects under 1% are below the run-to-run noise that
// bench/overhead.js's medians resolve, so this one pairs runs: every round runs each variant
// back to back in rotating order, and each profiled run is compared with the unprofiled run
// of its own round. The figure is the geometric mean of those ratios, with a 95% bootstrap
// interval.
//
// The work is BENCH_WORK=chain (see the workload): the mixed work of bench/overhead.js
// scatters by about 6% from run to run here, the chain by about 2%. BENCH_WORK=mixed
// measures on the mixed work instead.
//
//   node bench/production.js [rounds] [variant,...]   (default: 60 rounds of all; ~20 min here)
//   BENCH_THREADS=1 node bench/production.js ...      (the main thread alone: a core to spare)
//
// Writes bench/results/production-<threads>.json and its section of bench/README.md.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { geomean } = require('./lib/stats');
const { writeSection, table } = require('./lib/readme');
const { bare, sampled, runOnce } = require('./lib/variants');
// The profiler's own seedable PRNG, so the bootstrap is the same for the same data.
const { makeRandom } = require('../dist/lib/causal/policy');

const ROUNDS = Number(process.argv[2] || 60);
process.env.BENCH_WORK ??= 'chain';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'causalprof-bench-'));
const ALL_VARIANTS = {
  none: bare,
  // One sample a second: what the agent costs before sampling (code events, registration).
  '1 Hz (fixed cost)': sampled(1_000_000, tmp, 'posix'),
  '100 Hz': sampled(10000, tmp),
  '100 Hz, --timer perf': sampled(10000, tmp, 'perf'),
  '1 kHz': sampled(1000, tmp), // the perf ring, no signals ('auto' below 10 ms)
  '1 kHz --timer perf': sampled(1000, tmp, 'perf'), // a signal per sample
  'node --cpu-prof (1 ms)': { args: ['--cpu-prof', '--cpu-prof-dir', tmp, ...bare.args], env: {} },
};
// An optional list picks variants, e.g. "1 Hz (fixed cost)" alone, for more rounds of it.
const PICKED = process.argv[3]?.split(',');
const VARIANTS = Object.fromEntries(
  Object.entries(ALL_VARIANTS).filter(
    ([name]) => name === 'none' || !PICKED || PICKED.includes(name),
  ),
);
const SAMPLED = Object.keys(VARIANTS).filter((name) => name !== 'none');

function bootstrap95(ratios) {
  const next = makeRandom(1);
  const means = [];
  for (let i = 0; i < 5000; i++) {
    means.push(geomean(ratios.map(() => ratios[Math.floor(next() * ratios.length)])));
  }
  means.sort((a, b) => a - b);
  return [means[Math.floor(0.025 * means.length)], means[Math.floor(0.975 * means.length)]];
}

const names = Object.keys(VARIANTS);
const ratios = Object.fromEntries(SAMPLED.map((n) => [n, []]));
runOnce(bare); // warm the file cache
for (let round = 0; round < ROUNDS; round++) {
  const ms = {};
  for (let k = 0; k < names.length; k++) {
    const name = names[(round + k) % names.length];
    ms[name] = runOnce(VARIANTS[name]).workMs;
  }
  for (const name of SAMPLED) ratios[name].push(ms[name] / ms.none);
  process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
}

const rows = SAMPLED.map((name) => {
  const [low, high] = bootstrap95(ratios[name]);
  const pct = (r) => `${((r - 1) * 100).toFixed(2)}%`;
  return {
    variant: name,
    overhead: pct(geomean(ratios[name])),
    ci95: `${pct(low)} to ${pct(high)}`,
  };
});
const threads = process.env.BENCH_THREADS === '1' ? 1 : 2;
fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
fs.writeFileSync(
  path.join(__dirname, 'results', `production-${threads}.json`),
  `${JSON.stringify({ rounds: ROUNDS, node: process.version, rows, ratios }, null, 2)}\n`,
);
const shape =
  threads === 1
    ? 'the main thread alone, with a core to spare'
    : 'the main thread and one worker, both cores busy';
const args = process.argv
  .slice(2)
  .map((a) => (a.includes(' ') ? `"${a}"` : a))
  .join(' ');
writeSection(
  `overhead-${threads}`,
  `Overhead of sampling, paired: ${shape}`,
  `BENCH_WORK=${process.env.BENCH_WORK} BENCH_THREADS=${threads} node bench/production.js ${args}`.trim(),
  [
    `${ROUNDS} rounds; each round runs every variant once, in rotating order, each in a fresh process; overhead = geometric mean over rounds of (work time sampled / unprofiled), minus 1, with a 95% bootstrap interval.`,
    '',
    table(
      ['variant', 'overhead', '95% interval'],
      rows.map((r) => [r.variant, r.overhead, r.ci95]),
    ),
  ].join('\n'),
);
console.table(rows);
