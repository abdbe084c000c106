// Rule 5 of the wake rules: a thread blocked in Atomics.wait is credited the delays inserted
// while it waited when the wait returns 'ok' (another profiled thread notified it), and
// pays them when it returns 'timed-out'.
//
// The main thread waits while a hitter worker inserts GROWTH_MS of global delay, per argv[2]:
// - 'notify': one Atomics.wait, which the hitter ends with Atomics.notify when done;
// - 'timeout': Atomics.wait with a 25 ms timeout, again and again until the hitter is done
//   (the hitter notifies nobody).
// Prints {main: {atWake, settled}, results} (see wake-common.js between()): atWake right after
// the (last) wait, settled ~20 ms later; results counts what Atomics.wait returned.
const { once } = require('node:events');
const { isMainThread, parentPort, Worker, workerData } = require('node:worker_threads');
const { native, spinForGrowth, startHitting, state, between, report } = require('./wake-common');

const SETTLE_MS = 20;
// [0]: what the main thread waits on; [1]: 1 once the hitter is done.
const WAIT = 0;
const DONE = 1;

async function main(mode) {
  const shared = new Int32Array(new SharedArrayBuffer(8));
  const hitter = new Worker(__filename, { workerData: { shared: shared.buffer, mode } });
  await once(hitter, 'message'); // ready
  startHitting();
  native.catchUp();
  const s0 = state();
  hitter.postMessage('go');
  const results = {};
  do {
    const r = Atomics.wait(shared, WAIT, 0, mode === 'notify' ? 10_000 : 25);
    results[r] = (results[r] ?? 0) + 1;
  } while (mode === 'timeout' && Atomics.load(shared, DONE) === 0);
  const s1 = state();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const s2 = state();
  native.endExperiment();
  report({ main: { atWake: between(s0, s1), settled: between(s0, s2) }, results });
  process.exit(0);
}

function hitter() {
  const shared = new Int32Array(workerData.shared);
  // A listener, not once(): the hitter must not exit (its exit wakes the main thread).
  parentPort.on('message', () => {
    spinForGrowth();
    Atomics.store(shared, DONE, 1);
    if (workerData.mode === 'notify') {
      Atomics.store(shared, WAIT, 1);
      Atomics.notify(shared, WAIT);
    }
  });
  parentPort.postMessage('ready');
}

if (isMainThread) main(process.argv[2] || 'notify');
else hitter();
