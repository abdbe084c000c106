// Latency ground truth. The main thread keeps INFLIGHT requests (4) open at all times, each
// bracketed by begin('request') and end('request'): it hands a request to the service worker,
// which runs LINE-PARSE (1 unit) and then LINE-RENDER (2 units) and replies; each reply ends
// its request and opens the next. Requests queue at the one worker, so by Little's law the
// mean latency is INFLIGHT times its service time: removing a fraction s of LINE-RENDER's work
// cuts the latency by about 2s/3, of LINE-PARSE's by about s/3. Beside them, an indexer worker
// runs LINE-INDEX in bursts (INDEX_UNITS units, then as long idle) that no request waits for:
// it must read as no effect, although it has a share of the samples. Bursts with idle time
// between keep the indexer from taking a whole core of the two the workload runs on.
//
// Env: RUN_MS (3000), WARMUP_MS (300), UNIT_ITERS (4e5, ~2.5 ms), INFLIGHT (4), INDEX_UNITS
// (2), REMOVE_PARSE / REMOVE_RENDER / REMOVE_INDEX (fraction of that line's work removed).
// The loops are latency-bound sqrt chains, for the reason given in causal-single.js.
// Prints {"units":..,"windowMs":..,"rate":requests per second,"latencyMs":..,...} on stdout.
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { begin, end } = require('../..');
const { now, envNumber, removal, Meter, printResult } = require('./causal-meter');

const UNIT_ITERS = envNumber('UNIT_ITERS', 4e5);
const INFLIGHT = envNumber('INFLIGHT', 4);

function service({ parse, render }) {
  parentPort.on('message', (id) => {
    const p = parse;
    const r = render;
    let x = 0;
    for (let i = 0; i < p; i++) x = Math.sqrt(x + i); // LINE-PARSE
    for (let i = 0; i < r; i++) x = Math.sqrt(x + i); // LINE-RENDER
    parentPort.postMessage({ id, x });
  });
}

function indexer({ index, idleMs }) {
  const burst = () => {
    const n = index;
    let x = 0;
    for (let i = 0; i < n; i++) x = Math.sqrt(x + i); // LINE-INDEX
    setTimeout(burst, idleMs + (x > 0 ? 0 : 1));
  };
  burst();
}

function main() {
  const t0 = now();
  const meter = new Meter(t0);
  const units = (role, n) => Math.round(n * UNIT_ITERS * (1 - removal(role)));
  const worker = new Worker(__filename, {
    workerData: { role: 'service', parse: units('PARSE', 1), render: units('RENDER', 2) },
  });
  const indexUnits = envNumber('INDEX_UNITS', 2);
  const background = new Worker(__filename, {
    workerData: {
      role: 'indexer',
      index: units('INDEX', indexUnits),
      // As long idle as the burst takes at full size, whatever is removed from it.
      idleMs: (indexUnits * UNIT_ITERS * 2.5) / 4e5,
    },
  });
  const opened = new Map();
  let nextId = 0;
  let latencySum = 0;
  let measured = 0;
  let done = false;
  const open = () => {
    const id = nextId++;
    opened.set(id, now());
    begin('request');
    worker.postMessage(id);
  };
  worker.on('message', ({ id }) => {
    const t = now();
    end('request');
    const started = opened.get(id);
    opened.delete(id);
    if (done) return;
    if (meter.first !== undefined) {
      latencySum += t - started;
      measured++;
    }
    if (meter.tick(t)) {
      done = true;
      const result = meter.result({ latencyMs: latencySum / measured, requests: nextId });
      Promise.all([worker.terminate(), background.terminate()]).then(() => printResult(result));
      return;
    }
    open();
  });
  for (let i = 0; i < INFLIGHT; i++) open();
}

if (isMainThread) main();
else if (workerData.role === 'service') service(workerData);
else indexer(workerData);
