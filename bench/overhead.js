// The overhead of `causalprof sample` against no profiler, `node --cpu-prof` and
// @datadog/pprof, on bench/workloads/main-plus-worker.js. Variants run in alternating
// order, each in a fresh process; the medians and their ratios to "none" are printed and
// written to bench/results/overhead.json and bench/results/overhead.md.
//
//   node bench/overhead.js [rounds]        (default 9 rounds; about 3 minutes here)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { median } = require('./lib/stats');
const { WORKLOAD, bare, sampled, runOnce } = require('./lib/variants');

const ROUNDS = Number(process.argv[2] || 9);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'causalprof-bench-'));

const VARIANTS = {
  none: bare,
  // What turning Sparkplug off for line tables costs by itself (causalprof run does it).
  'node --no-sparkplug': { args: ['--no-sparkplug', WORKLOAD], env: {} },
  'causalprof 1 kHz': sampled(1000, tmp),
  'causalprof 100 Hz (production)': sampled(10000, tmp),
  'causalprof 4 kHz': sampled(250, tmp),
  'causalprof 1 kHz --line-precision': {
    args: sampled(1000, tmp).args,
    env: { ...sampled(1000, tmp).env, CAUSALPROF_TIERS: 'lines' },
  },
  'node --cpu-prof (1 ms)': { args: ['--cpu-prof', '--cpu-prof-dir', tmp, WORKLOAD], env: {} },
  '@datadog/pprof time (1 ms)': { args: [WORKLOAD], env: { BENCH_DATADOG: '1' } },
};

const names = Object.keys(VARIANTS);
const results = Object.fromEntries(names.map((n) => [n, []]));
runOnce(VARIANTS.none); // warm the file cache
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order each round so no variant always runs first or last.
  for (let k = 0; k < names.length; k++) {
    const name = names[(round + k) % names.length];
    results[name].push(runOnce(VARIANTS[name]));
  }
  process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
}

const base = median(results.none.map((r) => r.workMs));
const rows = names.map((name) => {
  const runs = results[name];
  const ms = median(runs.map((r) => r.workMs));
  const row = { variant: name, medianMs: Math.round(ms), ratio: Number((ms / base).toFixed(3)) };
  const withStatus = runs.filter((r) => r.status);
  if (withStatus.length > 0) {
    const samples = median(withStatus.map((r) => r.status.samplesTaken));
    row.samples = samples;
    row.drainUsPerSample = Number(
      median(withStatus.map((r) => r.status.drainCpuNs / 1000 / r.status.drainedSamples)).toFixed(
        2,
      ),
    );
    // Two threads work in parallel on two cores: the wall-time extension is what each
    // sampled thread paid, over its share of the samples. Against the same tiers.
    const tiersBase = name.includes('line-precision')
      ? median(results['node --no-sparkplug'].map((r) => r.workMs))
      : base;
    row.usPerSampleOnThread = Number((((ms - tiersBase) * 1000) / (samples / 2)).toFixed(1));
  }
  return row;
});

const when = new Date().toISOString();
const header = `Measured ${when} on ${os.cpus().length} cores (${os.cpus()[0]?.model}), Node ${process.version}, ${ROUNDS} alternating rounds, median work time of main thread + 1 worker.`;
console.log(header);
console.table(rows);
fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
fs.writeFileSync(
  path.join(__dirname, 'results', 'overhead.json'),
  `${JSON.stringify({ when, rounds: ROUNDS, node: process.version, rows }, null, 2)}\n`,
);
const md = [
  header,
  '',
  `Command: \`node bench/overhead.js ${ROUNDS}\``,
  '',
  '| variant | median ms | ratio to none | samples | us/sample on thread | drain us/sample |',
  '|---|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.variant} | ${r.medianMs} | ${r.ratio} | ${r.samples ?? ''} | ${r.usPerSampleOnThread ?? ''} | ${r.drainUsPerSample ?? ''} |`,
  ),
  '',
].join('\n');
fs.writeFileSync(path.join(__dirname, 'results', 'overhead.md'), md);
