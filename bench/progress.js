// Cost of a progress point call: progress(), begin()+end(), in one thread and with a worker
// counting the same point at the same time. Median of several timed batches.
//
//   node bench/progress.js
const { writeSection, table } = require('./lib/readme');
const { Worker, isMainThread, parentPort } = require('node:worker_threads');
const { progress, begin, end } = require('..');

const CALLS = 20_000_000;

function nsPerCall(fn) {
  const times = [];
  for (let batch = 0; batch < 7; batch++) {
    const t0 = process.hrtime.bigint();
    fn(CALLS);
    times.push(Number(process.hrtime.bigint() - t0) / CALLS);
  }
  times.sort((a, b) => a - b);
  return times[3];
}

function loopProgress(n) {
  for (let i = 0; i < n; i++) progress('bench');
}
function loopEmpty(n) {
  let x = 0;
  for (let i = 0; i < n; i++) x += i & 1;
  return x;
}
function loopBeginEnd(n) {
  for (let i = 0; i < n; i++) {
    begin('req');
    end('req');
  }
}

if (isMainThread) {
  const empty = nsPerCall(loopEmpty);
  const alone = nsPerCall(loopProgress);
  const pair = nsPerCall(loopBeginEnd);
  const worker = new Worker(__filename);
  worker.once('message', () => {
    const contended = nsPerCall(loopProgress);
    worker.terminate();
    const rows = {
      'empty loop': empty,
      'progress() alone': alone,
      'begin()+end() alone': pair,
      'progress() while a worker counts the same point': contended,
    };
    writeSection(
      'progress',
      'Cost of a progress point',
      'node bench/progress.js',
      [
        `ns per call, median of 7 batches of ${CALLS} calls each:`,
        '',
        table(
          ['call', 'ns'],
          Object.entries(rows).map(([k, v]) => [k, v.toFixed(1)]),
        ),
      ].join('\n'),
    );
    for (const [k, v] of Object.entries(rows)) console.log(`  ${k.padEnd(50)} ${v.toFixed(1)} ns`);
  });
} else {
  parentPort.postMessage('running');
  for (;;) loopProgress(CALLS);
}
