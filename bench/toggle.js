// The marginal cost of sampling, measured inside one process: the main thread runs the same
// chunk of work (a chain of dependent square roots, ~200 ms) again and again, with sampling
// off, on with the POSIX timer, on with perf_event and a signal per sample, or on with the
// perf ring (no signals), in a random order within each round.
// Between processes the work time scatters by about 2% (code placement, frequency), which
// hides effects under 0.5% (bench/production.js); within one process the same code runs
// every time, so the per-chunk ratios resolve a few hundredths of a percent.
//
// It measures what sampling adds per sample, not the agent's fixed cost (code events,
// registration), which bench/production.js's paired processes bound, nor the drain thread's
// work, which runs on the other core here (for the ring, which walks each sample's stack
// copy there, production.js counts it). "us per period" assumes
// a sample per period; below the kernel tick the POSIX timer takes one per tick instead.
//
//   node bench/toggle.js [rounds] [interval-us]      (default 150 rounds at 10000 us; ~2 min)
//
// Writes its section of bench/README.md.
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { geomean } = require('./lib/stats');
const { writeSection, table } = require('./lib/readme');

const ROOT = path.resolve(__dirname, '..');
const ROUNDS = Number(process.argv[2] || 150);
const INTERVAL_US = Number(process.argv[3] || 10000);

if (process.env.TOGGLE_CHILD) {
  runChild();
} else {
  // The agent must be preloaded so that this thread is registered before code compiles.
  const r = spawnSync(
    process.execPath,
    [
      '--require',
      path.join(ROOT, 'dist', 'lib', 'agent', 'agent.js'),
      __filename,
      ...process.argv.slice(2),
    ],
    { env: { ...process.env, TOGGLE_CHILD: '1' }, stdio: 'inherit' },
  );
  process.exitCode = r.status ?? 1;
}

function chunk() {
  let x = 0;
  for (let i = 0; i < 4e7; i++) x = Math.sqrt(x + i);
  return x;
}

function runChild() {
  const { startSampling } = require(ROOT);
  const { makeRandom } = require(path.join(ROOT, 'dist', 'lib', 'causal', 'policy'));
  const next = makeRandom(7);
  const variants = ['off', 'posix', 'perf', 'ring'];
  const expected = { posix: 'posix-cpu-timer', perf: 'perf-task-clock', ring: 'perf-ring' };
  const times = Object.fromEntries(variants.map((v) => [v, []]));
  for (let i = 0; i < 5; i++) chunk(); // warm up: optimized code before measuring
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...variants];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const v of order) {
      const session =
        v === 'off' ? undefined : startSampling({ intervalUs: INTERVAL_US, timer: v });
      if (session && session.status.timer !== expected[v]) {
        throw new Error(`asked for ${v}, got ${session.status.timer}`);
      }
      const t0 = process.hrtime.bigint();
      chunk();
      times[v].push(Number(process.hrtime.bigint() - t0) / 1e6);
      session?.stopSync();
    }
  }
  const ratios = (v) => times[v].map((t, i) => t / times.off[i]);
  const sem = (xs) => {
    const logs = xs.map(Math.log);
    const mean = logs.reduce((a, x) => a + x, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, x) => a + (x - mean) ** 2, 0) / (logs.length - 1));
    return sd / Math.sqrt(logs.length);
  };
  const chunkMs = times.off.reduce((a, x) => a + x, 0) / ROUNDS;
  const samplesPerChunk = (chunkMs * 1000) / INTERVAL_US;
  const rows = ['posix', 'perf', 'ring'].map((v) => {
    const g = geomean(ratios(v)) - 1;
    const e = 1.96 * sem(ratios(v));
    return {
      timer: v,
      overhead: `${(g * 100).toFixed(3)}% ± ${(e * 100).toFixed(3)}%`,
      usPerPeriod: ((g * chunkMs * 1000) / samplesPerChunk).toFixed(1),
    };
  });
  console.table(rows);
  writeSection(
    `toggle-${INTERVAL_US}`,
    `What sampling adds inside one process, one sample per ${INTERVAL_US} us`,
    `node bench/toggle.js ${ROUNDS} ${INTERVAL_US}`,
    [
      `${ROUNDS} rounds, main thread only, chunks of ${chunkMs.toFixed(0)} ms (about ${samplesPerChunk.toFixed(0)} samples each); overhead = geometric mean of (chunk sampled / chunk unsampled of the same round) - 1, ± 1.96 standard errors. The ring's drain works on the other core here, so its cost is not in these figures (bench/production.js counts it).`,
      '',
      table(
        ['timer', 'overhead', 'us per period'],
        rows.map((r) => [r.timer, r.overhead, r.usPerPeriod]),
      ),
    ].join('\n'),
  );
}
