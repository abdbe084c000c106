// Fork-join ground truth. Main thread + 2 persistent workers. Each round the main thread
// posts "go" to both; worker A does 2 units of CPU work on LINE-A, worker B 1 unit on
// LINE-B; both reply, the main thread waits for both (the join), calls progress('round')
// and starts the next round. A is the critical path: removing a fraction s of LINE-A's work
// speeds the program up by about s (up to s = 0.5, where A and B cost the same); removing
// LINE-B's work changes nothing.
//
// Env: RUN_MS (default 3000), WARMUP_MS (300), UNIT_ITERS (1.2e6, ~7 ms on the reference
// machine), REMOVE_A / REMOVE_B (fraction of that line's iterations really removed).
// The marked loops read their bound from a local (`const m = n`): in a worker's message
// handler V8 ran the same loop with its bound read from the closure about 1.5x slower.
// The loops are latency-bound sqrt chains, for the reason given in causal-single.js.
// Prints {"units":..,"windowMs":..,"rate":rounds per second,...} on stdout.
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { progress } = require('../..');
const { now, envNumber, removal, Meter, printResult } = require('./causal-meter');

const UNIT_ITERS = envNumber('UNIT_ITERS', 1.2e6);

function workerA(n) {
  parentPort.on('message', (round) => {
    const m = n;
    let x = 0;
    for (let i = 0; i < m; i++) x = Math.sqrt(x + i); // LINE-A
    parentPort.postMessage({ round, x });
  });
}

function workerB(n) {
  parentPort.on('message', (round) => {
    const m = n;
    let x = 0;
    for (let i = 0; i < m; i++) x = Math.sqrt(x + i); // LINE-B
    parentPort.postMessage({ round, x });
  });
}

function main() {
  const t0 = now();
  const meter = new Meter(t0);
  const a = new Worker(__filename, {
    workerData: { role: 'A', n: Math.round(2 * UNIT_ITERS * (1 - removal('A'))) },
  });
  const b = new Worker(__filename, {
    workerData: { role: 'B', n: Math.round(1 * UNIT_ITERS * (1 - removal('B'))) },
  });
  let round = 0;
  let pending = 0;
  let checksum = 0;
  const go = () => {
    round++;
    pending = 2;
    a.postMessage(round);
    b.postMessage(round);
  };
  const onReply = (msg) => {
    if (msg.round !== round) throw new Error(`reply for round ${msg.round} during ${round}`);
    checksum += msg.x;
    if (--pending > 0) return;
    progress('round');
    if (meter.tick()) {
      const result = meter.result({ rounds: round, checksum: checksum > 0 });
      Promise.all([a.terminate(), b.terminate()]).then(() => {
        printResult(result);
      });
      return;
    }
    go();
  };
  a.on('message', onReply);
  b.on('message', onReply);
  go();
}

if (isMainThread) main();
else if (workerData.role === 'A') workerA(workerData.n);
else workerB(workerData.n);
