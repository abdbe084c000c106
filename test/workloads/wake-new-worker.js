// Rule 6 of the wake rules: a new worker starts at its creating thread's local delay count,
// not at the global count.
//
// The main thread creates the worker while it owes delay (in a window of wake-common.js
// owingWindow()), and the hitter keeps hitting while the new worker starts, so that the
// global count moves on between the spawn and the worker's registration with the profiler.
// To make that stretch long enough to see, the worker runs wake-slow-start.js as a preload
// before the agent's: it spins (unregistered, so unsampled) until the global count has grown
// by START_GROWTH_MS since the spawn.
// The worker then works out the count it started at: local - paid - credited - hit delay
// (nothing else moves a thread's local count during an experiment).
// Prints {parent: {debtBeforeMs, debtAfterMs, localAtSpawnMs, globalAtSpawnMs},
//         worker: {startMs, globalMs, paidMs, creditedMs}}.
const { once } = require('node:events');
const fs = require('node:fs');
const path = require('node:path');
const { isMainThread, parentPort, Worker, workerData } = require('node:worker_threads');
const {
  native,
  spin,
  spinForGrowth,
  startHitting,
  state,
  debtMs,
  report,
  makeFifo,
  owingWindow,
} = require('./wake-common');

const START_GROWTH_MS = 20;
const msOf = (ns) => ns / 1e6;

async function main() {
  const fifo = makeFifo();
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const hitter = new Worker(__filename, { workerData: { role: 'hitter', stop: stop.buffer } });
  await once(hitter, 'message'); // ready
  startHitting();
  const spawned = await new Promise((resolve) => {
    owingWindow(
      fifo,
      () => hitter.postMessage(fifo),
      (before) => {
        const child = new Worker(__filename, {
          workerData: { role: 'child', startGrowthMs: START_GROWTH_MS },
          execArgv: ['--require', path.join(__dirname, 'wake-slow-start.js'), ...process.execArgv],
        });
        const after = state();
        resolve({ child, before, after });
      },
    );
  });
  const { child, before, after } = spawned;
  const [w] = await once(child, 'message');
  Atomics.store(stop, 0, 1);
  native.endExperiment();
  report({
    parent: {
      debtBeforeMs: debtMs(before),
      debtAfterMs: debtMs(after),
      localAtSpawnMs: msOf(after.localNs),
      globalAtSpawnMs: msOf(after.globalNs),
    },
    worker: w,
  });
  process.exit(0);
}

function hitter() {
  const stop = new Int32Array(workerData.stop);
  // A listener, not once(): the hitter must not exit (its exit wakes the main thread).
  parentPort.on('message', (fifo) => {
    spinForGrowth();
    fs.closeSync(fs.openSync(fifo, 'w'));
    spin(() => Atomics.load(stop, 0) === 1); // on through the new worker's start
  });
  parentPort.postMessage('ready');
}

function child() {
  const s = state();
  parentPort.postMessage({
    startMs: msOf(s.localNs - s.paidNs - s.creditedNs - s.hitNs),
    globalMs: msOf(s.globalNs),
    localMs: msOf(s.localNs),
    paidMs: msOf(s.paidNs),
    creditedMs: msOf(s.creditedNs),
    preloadSpunMs: global.wakeSlowStartMs,
  });
}

if (isMainThread) main();
else if (workerData.role === 'hitter') hitter();
else child();
