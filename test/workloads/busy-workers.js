// WORKERS worker threads (default 6), all busy at once for WORK_MS of CPU each: more
// threads than some limit (perf ring memory) allows, at the same time.
const { Worker, isMainThread } = require('node:worker_threads');

function spin(ms) {
  const end = Date.now() + ms;
  let a = 0;
  while (Date.now() < end) for (let i = 0; i < 10000; i++) a = Math.sqrt(a + i);
  return a;
}

if (isMainThread) {
  const n = Number(process.env.WORKERS || 6);
  for (let i = 0; i < n; i++) new Worker(__filename);
} else {
  spin(Number(process.env.WORK_MS || 1000));
}
