// Two workers doing 2:1 work (a fixed amount of it each, not a fixed time). Each prints
// the CPU time the kernel charged its own thread (/proc/thread-self/schedstat, ns on CPU),
// so a test can compare samples with the truth: the work ratio is not the CPU-time ratio
// when the two threads share a core's caches or an SMT sibling for part of the run.
const fs = require('node:fs');
const { Worker, isMainThread, threadId, workerData } = require('node:worker_threads');

function unit() {
  let a = 0;
  for (let i = 0; i < 200000; i++) a += Math.sqrt(i);
  return a;
}

function threadCpuNs() {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  } catch {
    return Number.NaN;
  }
}

if (isMainThread) {
  const units = Number(process.env.UNITS || 6000);
  new Worker(__filename, { workerData: { units: units * 2 } });
  new Worker(__filename, { workerData: { units } });
} else {
  let r = 0;
  for (let i = 0; i < workerData.units; i++) r += unit();
  if (r < 0) console.log(r);
  console.log(`thread-cpu worker ${threadId} ${threadCpuNs()}`);
}
