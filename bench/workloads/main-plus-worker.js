// The overhead benchmark's workload: the main thread and one worker each do the same fixed
// amount of ordinary CPU-bound JavaScript (objects, strings, Maps, arithmetic, calls).
// Prints {"workMs": ...}: wall time from both threads starting work to both finishing,
// which leaves out process start-up and profile writing.
//
// BENCH_WORK=chain swaps the work for one long chain of dependent square roots, the same
// amount in each thread: no allocation, no GC, no JIT decisions after warm-up, so its run
// time is steady enough to resolve an overhead well under 1% (bench/production.js).
const { Worker, isMainThread, parentPort } = require('node:worker_threads');

const ROUNDS = Number(process.env.BENCH_ROUNDS || 240);

function record(i) {
  return { id: i, name: `item-${i}`, score: (i * 2654435761) % 1000, tags: [i % 7, i % 11] };
}

function round(seed) {
  const index = new Map();
  let total = 0;
  for (let i = 0; i < 20000; i++) {
    const r = record(i + seed);
    index.set(r.name, r);
    total += r.score + r.tags[0] * r.tags[1];
  }
  let text = '';
  for (const [name, r] of index) if (r.score > 990) text += name;
  for (let i = 0; i < 200000; i++) total += Math.sqrt(i + seed) % 3;
  return total + text.length;
}

function mixedWork() {
  let sum = 0;
  for (let i = 0; i < ROUNDS; i++) sum += round(i);
  return sum;
}

function chainWork() {
  let x = 0;
  for (let i = 0; i < 4.4e8; i++) x = Math.sqrt(x + i);
  return x;
}

const work = process.env.BENCH_WORK === 'chain' ? chainWork : mixedWork;

// BENCH_THREADS=1: the main thread alone (a core to spare); 2 (default): both cores busy.
if (isMainThread && process.env.BENCH_THREADS === '1') {
  const start = performance.now();
  const mine = work();
  const workMs = performance.now() - start;
  process.stdout.write(`${JSON.stringify({ workMs, check: Number.isFinite(mine) })}\n`);
} else if (isMainThread) {
  const worker = new Worker(__filename);
  worker.once('message', (msg) => {
    if (msg !== 'ready') return;
    const start = performance.now();
    worker.postMessage('go');
    const mine = work();
    worker.once('message', (theirs) => {
      const workMs = performance.now() - start;
      process.stdout.write(`${JSON.stringify({ workMs, check: mine === theirs })}\n`);
      worker.terminate();
    });
  });
} else {
  const dd = process.env.BENCH_DATADOG ? require('@datadog/pprof') : undefined;
  if (dd) dd.time.start({ intervalMicros: 1000, durationMillis: 600000 });
  parentPort.once('message', () => {
    const result = work();
    if (dd) dd.time.stop();
    parentPort.postMessage(result);
  });
  parentPort.postMessage('ready');
}
