// Shared by the wake-*.js workloads (test/wake-rules.test.ts): the addon, the hot line
// whose samples are the experiment's hits, and the delay bookkeeping each scenario reports.
//
// The workloads run under the agent in run mode without the experiment driver
// (CAUSALPROF_MODE=run, CAUSALPROF_NO_DRIVER=1): sampling, delays and wake hooks are on,
// and a scenario starts its one experiment itself, on the line marked wake-hot below.
// CAUSALPROF_ROOT names the causalprof checkout to load (default: this one).
const fs = require('node:fs');
const path = require('node:path');

const ROOT = process.env.CAUSALPROF_ROOT || path.resolve(__dirname, '..', '..');
const native = require(path.join(ROOT, 'dist', 'lib', 'native.js')).loadNative();

/** Delay added to the global count per hit: 0.5 ms, a 50% speedup at the 1 kHz default. */
const DELAY_PER_HIT_NS = 500_000;
/** How much global delay a scenario lets the hitter insert while a waiter waits. */
const GROWTH_MS = 100;
/** A hitter gives up after this long (a build whose hits never land must not hang). */
const SPIN_LIMIT_MS = Number(process.env.WAKE_SPIN_LIMIT_MS || 8000);

/**
 * Spins on the hot line until `stop()` is true (or SPIN_LIMIT_MS passed); returns whether
 * it stopped because `stop()` said so. The hot loop is in this function, not in a callee:
 * optimized code that inlines a function of another file is resolved with the outer file.
 */
function spin(stop) {
  const deadline = Date.now() + SPIN_LIMIT_MS;
  let x = 0;
  while (!stop()) {
    if (Date.now() > deadline) return false;
    for (let i = 0; i < 20000; i++) x += Math.sqrt(i) * 1.0000001; // wake-hot
  }
  return x > -1;
}

function state() {
  return native.delayState();
}

/** Spins until the global delay count has grown by `ms` since this call. */
function spinForGrowth(ms = GROWTH_MS) {
  const from = state().globalNs;
  return spin(() => state().globalNs - from >= ms * 1e6);
}

/** The file id and line of the hot line; its file is known once this module has run. */
function hotSite() {
  const line =
    fs
      .readFileSync(__filename, 'utf8')
      .split('\n')
      .findIndex((l) => l.trimEnd().endsWith('// wake-hot')) + 1;
  const fileId = native.files(0).indexOf(__filename);
  if (fileId < 0 || line <= 0)
    throw new Error(`wake-common: hot line not found (${fileId}, ${line})`);
  return { fileId, line };
}

/** Starts the experiment on the hot line: from now on the hitter's samples add delay. */
function startHitting() {
  const { fileId, line } = hotSite();
  native.startExperiment(fileId, line, 0, DELAY_PER_HIT_NS);
}

const ms = (ns) => Math.round(ns / 1e4) / 100;

/**
 * What happened to the calling thread's counts between two delayState() snapshots, in ms:
 * growth of the global count, time slept paying, delay credited (skipped) on wakes, and the
 * debt (global - local) at the end.
 */
function between(a, b) {
  return {
    growthMs: ms(b.globalNs - a.globalNs),
    paidMs: ms(b.paidNs - a.paidNs),
    creditedMs: ms(b.creditedNs - a.creditedNs),
    debtMs: ms(b.globalNs - b.localNs),
  };
}

/** The debt of the calling thread now, in ms. */
function debtMs(s = state()) {
  return ms(s.globalNs - s.localNs);
}

/** The one JSON line a scenario prints for the test. */
function report(result) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** A FIFO in a fresh temporary directory: opening one end blocks until the other is open. */
function makeFifo() {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'causalprof-wake-'));
  const file = path.join(dir, 'fifo');
  require('node:child_process').execFileSync('mkfifo', [file]);
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return file;
}

const MAX_WINDOWS = 4;

/**
 * A window in which the calling thread owes delay and runs JS without paying it: its loop
 * blocks until `fifo` is opened for writing (fs.open() completes in the threadpool), which
 * `askHitter()` must have a hitter do once it has inserted GROWTH_MS; `act(before, windows)`
 * then runs in the completion's callback, before the loop's check phase settles the wake.
 * A window counts if the thread owes at least half of GROWTH_MS there (a spurious wake of its
 * loop, e.g. by a task of V8, settles the debt early); up to MAX_WINDOWS are tried.
 */
function owingWindow(fifo, askHitter, act, windows = 1) {
  fs.open(fifo, 'r', (err, fd) => {
    const before = state();
    if (err) throw err;
    fs.closeSync(fd);
    if (debtMs(before) < GROWTH_MS / 2 && windows < MAX_WINDOWS) {
      owingWindow(fifo, askHitter, act, windows + 1);
      return;
    }
    act(before, windows);
  });
  askHitter();
}

module.exports = {
  native,
  spin,
  spinForGrowth,
  startHitting,
  state,
  between,
  debtMs,
  report,
  makeFifo,
  owingWindow,
  GROWTH_MS,
};
